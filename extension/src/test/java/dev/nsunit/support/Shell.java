package dev.nsunit.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a shell command inside a fixture's child, as a test suite's own scripts would. */
public final class Shell {

    private Shell() {
    }

    /** Runs {@code script} with {@code /bin/sh -c}: its exit status and its standard output and error together. */
    public static Result run(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("/bin/sh", "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("Timed out: " + script);
        }
        return new Result(process.exitValue(), output);
    }

    /** How a command ended, and what it printed. */
    public record Result(int status, String output) {
    }
}
