package dev.nsunit.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The yardstick: {@code java -cp . Hello}, literally, with this JVM's own {@code java} (the one child JVMs use)
 * and its default flags, in a temporary directory holding nothing but {@code Hello.class}. A run starts it
 * {@link CaseInfo#perRun()} times in a row, each timed from spawning the process to its exit with its output read
 * and checked: one start of a 100 ms JVM would be a sample too small to divide a round's overhead by. Its CPU time
 * is that of the JVMs, each reaped.
 */
final class HelloCase implements Case, AutoCloseable {

    private static final String GREETING = "Hello, world!";
    private static final String SOURCE = "public class Hello {\n"
            + "    public static void main(String[] args) {\n"
            + "        System.out.println(\"" + GREETING + "\");\n"
            + "    }\n"
            + "}\n";

    private final CaseInfo info;
    private final String java;
    private final Path directory;

    /** Compiles {@code Hello} into a fresh temporary directory. */
    HelloCase(CaseInfo info) throws IOException, BenchmarkFailure {
        this.info = info;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.directory = Files.createTempDirectory("nsunit-benchmark-hello-");
        Path source = directory.resolve("Hello.java");
        Files.writeString(source, SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new BenchmarkFailure("No Java compiler in " + System.getProperty("java.home")
                    + " to compile Hello with; run the benchmark on a JDK");
        }
        int status = javac.run(null, null, null, "-d", directory.toString(), source.toString());
        Files.delete(source);
        if (status != 0) {
            throw new BenchmarkFailure("javac failed on Hello.java with status " + status);
        }
    }

    @Override
    public CaseInfo info() {
        return info;
    }

    /** The command as it is run, for the report. */
    List<String> command() {
        return List.of(java, "-cp", ".", "Hello");
    }

    @Override
    public Timing run() throws IOException, InterruptedException, BenchmarkFailure {
        ProcessBuilder builder = new ProcessBuilder(command()).directory(directory.toFile()).redirectErrorStream(true);
        long cpu = CpuTime.ofReapedChildren();
        long nanos = 0;
        for (int i = 0; i < info.perRun(); i++) {
            long start = System.nanoTime();
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            int status = process.waitFor();
            nanos += System.nanoTime() - start;
            String printed = new String(output, StandardCharsets.UTF_8);
            if (status != 0 || !printed.equals(GREETING + System.lineSeparator())) {
                throw new BenchmarkFailure("java -cp . Hello exited with status " + status + " and printed: "
                        + printed);
            }
        }
        CpuTime.awaitChildrenReaped(info.name());
        return Timing.ofChildren(nanos, CpuTime.ofReapedChildren() - cpu);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(directory.resolve("Hello.class"));
        Files.deleteIfExists(directory);
    }
}
