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

    @Test
    void nsunitsClassesConcatenateStringsWithoutInvokedynamic() throws Exception {
        // Each new shape of an invokedynamic concatenation spins LambdaForm classes in every child that runs it
        // (no archive of JDK 17 holds them): the extension is compiled with -XDstringConcat=inline.
        assertThat(callSitesBootstrappedBy("java/lang/invoke/StringConcatFactory")).isEmpty();
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
