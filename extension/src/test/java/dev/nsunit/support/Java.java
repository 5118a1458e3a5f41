package dev.nsunit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts JVMs running this module's test classpath, optionally behind a wrapper command. */
public final class Java {

    private Java() {
    }

    /** The command for {@code java -cp <this classpath> mainClass args...}, after the wrapper words. */
    public static List<String> command(List<String> wrapper, Class<?> mainClass, String... args) {
        return command(wrapper, List.of(), mainClass, args);
    }

    /** The same, with JVM options before the class path. */
    public static List<String> command(List<String> wrapper, List<String> jvmOptions, Class<?> mainClass,
            String... args) {
        return command(wrapper, jvmOptions, System.getProperty("java.class.path"), mainClass, args);
    }

    /** The same, with another class path. */
    public static List<String> command(List<String> wrapper, List<String> jvmOptions, String classPath,
            Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(wrapper);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // No hsperfdata directory: a JVM run as another user (nobody, say) would leave /tmp/hsperfdata_<user> behind.
        command.add("-XX:-UsePerfData");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Runs the command to completion and returns its standard output (standard error is passed through). */
    public static String run(List<String> command) throws IOException, InterruptedException {
        return execute(command).output();
    }

    /** Runs the command to completion: its exit status and standard output (standard error is passed through). */
    public static Result execute(List<String> command) throws IOException, InterruptedException {
        return finish(command, new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Runs the command to completion: its exit status, standard output and standard error. */
    public static Captured capture(List<String> command) throws IOException, InterruptedException {
        return capture(new ProcessBuilder(command));
    }

    /** The same, for a process built with an environment of its own. */
    public static Captured capture(ProcessBuilder builder) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("nsunit-spec-stderr", ".txt");
        try {
            Result result = finish(builder.command(), builder.redirectError(errors.toFile()).start());
            return new Captured(result.status(), result.output(), Files.readString(errors));
        }
        finally {
            Files.delete(errors);
        }
    }

    private static Result finish(List<String> command, Process process) throws IOException, InterruptedException {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + command);
        }
        return new Result(process.exitValue(), output);
    }

    /** How a command ended, and what it printed on standard output and standard error. */
    public record Captured(int status, String output, String errors) {
    }

    /** How a command ended, and what it printed on standard output. */
    public record Result(int status, String output) {
    }
}
