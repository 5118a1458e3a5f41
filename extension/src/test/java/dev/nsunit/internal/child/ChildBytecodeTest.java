package dev.nsunit.internal.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What nsunit's own bytecode costs every child JVM at run time, beyond what its class-data archive holds.
 */
class ChildBytecodeTest {

    /** The packages of the classes a child runs: its own, its system calls and set-up, and the relay. */
    private static final List<String> CHILDS_PACKAGES = List.of("dev/nsunit/internal/child/",
            "dev/nsunit/internal/linux/", "dev/nsunit/internal/relay/");

    @Test
    void nsunitsClassesConcatenateStringsWithoutInvokedynamic() throws Exception {
        // Each new shape of an invokedynamic concatenation spins LambdaForm classes in every child that runs it
        // (no archive of JDK 17 holds them): the extension is compiled with -XDstringConcat=inline.
        assertThat(callSitesBootstrappedBy("java/lang/invoke/StringConcatFactory")).isEmpty();
    }

    @Test
    void classesAChildRunsCallNoRecordsEqualsHashCodeOrToString() throws Exception {
        // A record's equals, hashCode and toString are an invokedynamic of ObjectMethods, which the JVM links at the
        // first call by building method handles (about 30 classes in every child; no class-data archive holds them).
        Path classes = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> records = new ArrayList<>();
        List<Path> childClasses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                ClassReader reader = new ClassReader(Files.readAllBytes(file));
                if ("java/lang/Record".equals(reader.getSuperName())) {
                    records.add(reader.getClassName());
                }
                if (CHILDS_PACKAGES.stream().anyMatch(reader.getClassName()::startsWith)) {
                    childClasses.add(file);
                }
            }
        }
        List<String> calls = new ArrayList<>();
        for (Path file : childClasses) {
            ClassReader reader = new ClassReader(Files.readAllBytes(file));
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature,
                        String[] exceptions) {
                    return new MethodVisitor(Opcodes.ASM9) {
                        @Override
                        public void visitMethodInsn(int opcode, String owner, String name, String called,
                                boolean isInterface) {
                            if (records.contains(owner) && List.of("equals", "hashCode", "toString").contains(name)) {
                                calls.add(reader.getClassName() + "." + method + " calls " + owner + "." + name);
                            }
                        }
                    };
                }
            }, ClassReader.SKIP_DEBUG);
        }

        assertThat(records).as("nsunit's records").isNotEmpty();
        assertThat(calls).isEmpty();
    }

    private static List<String> callSitesBootstrappedBy(String bootstrapOwner) throws IOException,
            URISyntaxException {
        Path classes = Path.of(ChildMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                        private String className;

                        @Override
                        public void visit(int version, int access, String name, String signature, String superName,
                                String[] interfaces) {
                            className = name;
                        }

                        @Override
                        public MethodVisitor visitMethod(int access, String method, String descriptor,
                                String signature, String[] exceptions) {
                            return new MethodVisitor(Opcodes.ASM9) {
                                @Override
                                public void visitInvokeDynamicInsn(String name, String callDescriptor,
                                        Handle bootstrap, Object... arguments) {
                                    if (bootstrap.getOwner().equals(bootstrapOwner)) {
                                        found.add(className + "." + method);
                                    }
                                }
                            };
                        }
                    }, ClassReader.SKIP_DEBUG);
                }
            }
        }
        return found;
    }
}
