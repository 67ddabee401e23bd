package org.imagedownloader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as a separate process, the way a user or a service manager runs it. */
final class JarProcess implements AutoCloseable {

    final Process process;
    final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path jar() {
        String jar = System.getProperty("app.jar", "target/image-downloader.jar");
        Path path = Path.of(jar).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no packaged jar at " + path + ": run mvn verify");
        }
        return path;
    }

    /** Starts {@code java [-Dk=v...] -jar image-downloader.jar [args...]} in the given working folder. */
    static JarProcess start(Path workDir, Map<String, String> props, String... args) throws IOException {
        return start(workDir, props, Map.of(), args);
    }

    /** Like {@link #start(Path, Map, String...)}, with these environment variables set. */
    static JarProcess start(Path workDir, Map<String, String> props, Map<String, String> env, String... args)
            throws IOException {
        return start("256m", workDir, props, env, args);
    }

    /** Like {@link #start(Path, Map, String...)}, with this much heap at most (-Xmx). */
    static JarProcess startWithHeap(String maxHeap, Path workDir, Map<String, String> props, String... args)
            throws IOException {
        return start(maxHeap, workDir, props, Map.of(), args);
    }

    private static JarProcess start(String maxHeap, Path workDir, Map<String, String> props, Map<String, String> env,
                                    String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + maxHeap);
        // Several daemons run at once in these tests: none takes the fixed HTTP port unless asked to.
        if (!props.containsKey("downloader.http-enabled") && !props.containsKey("downloader.http-port")) {
            cmd.add("-Ddownloader.http-enabled=false");
        }
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        Files.createDirectories(workDir);
        Path log = Files.createTempFile(workDir.getParent(), "process-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("DOWNLOADER_") || k.toLowerCase().endsWith("_proxy"));
        pb.environment().putAll(env);
        return new JarProcess(pb.start(), log);
    }

    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("process did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
