package io.kgrca.helmchart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command run in the background (helm waiting on a hook, kubectl reading stdin), its output in temporary files.
 * Helm's cache, config and data folders are temporary, as in {@link Helm}.
 */
final class Command {

    private static final long TIMEOUT_SECONDS = 180;

    private final Process process;
    private final Path dir;

    /**
     * The outcome of one command.
     *
     * @param exitCode the exit status
     * @param stdout   standard output
     * @param stderr   standard error
     */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private Command(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    /** Starts {@code command}; its stdin is {@code stdin} (or empty). */
    static Command start(List<String> command, String stdin) {
        try {
            Path dir = Files.createTempDirectory("kg-cmd-");
            Files.writeString(dir.resolve("in"), stdin == null ? "" : stdin, StandardCharsets.UTF_8);
            ProcessBuilder pb = new ProcessBuilder(command).redirectInput(dir.resolve("in").toFile())
                    .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
            pb.environment().put("HELM_CACHE_HOME", dir.resolve("cache").toString());
            pb.environment().put("HELM_CONFIG_HOME", dir.resolve("config").toString());
            pb.environment().put("HELM_DATA_HOME", dir.resolve("data").toString());
            return new Command(pb.start(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command} with an empty stdin. */
    static Command start(List<String> command) {
        return start(command, null);
    }

    /** Runs {@code command} with {@code stdin} to its end. */
    static Result run(List<String> command, String stdin) throws InterruptedException {
        return start(command, stdin).await();
    }

    /** True while the command runs. */
    boolean alive() {
        return process.isAlive();
    }

    /** What the command has printed so far (stdout, then stderr). */
    String output() {
        return read("out") + read("err");
    }

    /** Waits for the end (at most three minutes, then kills it and fails). */
    Result await() throws InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command did not finish in " + TIMEOUT_SECONDS + " s: " + output());
        }
        return new Result(process.exitValue(), read("out"), read("err"));
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
