package dev.berth.launcher;

import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesOrchestrator;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesSettings;
import dev.berth.controlplane.orchestrator.local.LocalOrchestrator;
import dev.berth.controlplane.orchestrator.local.LocalSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the orchestrator a server role was configured with ({@code --orchestrator}). */
final class Orchestrators {
  private static final Logger LOG = LoggerFactory.getLogger(Orchestrators.class);
  private static final String RUNTIME_MAIN = "dev.berth.runtime.RuntimeMain";

  private Orchestrators() {}

  /**
   * The configured orchestrator, or empty for {@code none}.
   *
   * @param dataDir where the local orchestrator keeps logs, pid files and the artifact cache
   */
  static Optional<Orchestrator> create(
      Settings settings, ServerOptions options, Path dataDir, InstanceTypeCatalog catalog) {
    String kind = settings.get("orchestrator", options.orchestrator, "local");
    return switch (kind) {
      case "none" -> Optional.empty();
      case "local" -> {
        // The runtime class archive lives beside the artifacts, in the local orchestrator's cache.
        Path cacheDir = LocalSettings.of(List.of(javaBinary()), dataDir).cacheDir();
        yield Optional.of(
            new LocalOrchestrator(LocalSettings.of(runtimeCommand(settings, cacheDir), dataDir)));
      }
      case "kubernetes" -> {
        KubernetesSettings k8s =
            KubernetesSettings.of(
                    settings.get(
                        "kubernetes-namespace",
                        options.kubernetesNamespace,
                        KubernetesSettings.DEFAULT_NAMESPACE))
                .withRuntimeImage(
                    settings.get(
                        "runtime-image",
                        options.runtimeImage,
                        KubernetesSettings.DEFAULT_RUNTIME_IMAGE));
        String secrets = settings.get("image-pull-secrets", null, "");
        if (!secrets.isBlank()) {
          k8s =
              k8s.withImagePullSecrets(
                  Arrays.stream(secrets.split(",")).map(String::trim).toList());
        }
        String account = settings.get("runtime-service-account", null, "");
        if (!account.isBlank()) {
          k8s = k8s.withServiceAccountName(account);
        }
        yield Optional.of(KubernetesOrchestrator.connect(k8s, catalog));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown orchestrator '" + kind + "': use local, kubernetes or none");
    };
  }

  /**
   * How the local orchestrator starts a runtime: this JVM's java with this process's classpath (the
   * berth jar), running the runtime's plain main; {@code BERTH_RUNTIME_JAVA_OPTS} adds JVM flags.
   * Unless {@code BERTH_RUNTIME_CLASS_ARCHIVE=false}, the runtime also maps the {@link
   * RuntimeClassArchive} kept in {@code cacheDir}, which is made on first use.
   */
  static List<String> runtimeCommand(Settings settings, Path cacheDir) {
    List<String> jvmOptions =
        Arrays.stream(settings.get("runtime-java-opts", null, "").trim().split("\\s+"))
            .filter(opt -> !opt.isEmpty())
            .toList();
    // Absolute, so a runtime started from any working directory finds the jar.
    String classpath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(p -> Path.of(p).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmOptions);
    if (flag(settings, "runtime-class-archive", true)) {
      RuntimeClassArchive.prepare(javaBinary(), jvmOptions, classpath, cacheDir)
          .ifPresent(archive -> command.add(archive.option()));
    }
    command.add("-cp");
    command.add(classpath);
    command.add(RUNTIME_MAIN);
    return command;
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  private static boolean flag(Settings settings, String key, boolean defaultValue) {
    String text = settings.get(key, null, Boolean.toString(defaultValue)).trim();
    if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "setting "
              + key
              + " ("
              + Settings.envName(key)
              + ") must be true or false, got '"
              + text
              + "'");
    }
    return Boolean.parseBoolean(text);
  }

  /**
   * A class data sharing archive of the runtime's classes (the JDK's dynamic AppCDS archive), so
   * that a runtime process maps the ~3,000 classes it loads while it starts (Vert.x, Netty,
   * Micrometer, Jackson, the HTTP client, DJL) instead of reading, verifying and linking each one
   * from the jar. On two cores it cut a runtime's CPU time from start to ready by about 40 %
   * (benchmarks/README.md, "Time to InService").
   *
   * <p>The archive is made once for each JDK, jar and set of runtime JVM options, and is named for
   * their hash, so that a new jar gets a new archive. A training run makes it in the background
   * while Berth serves: {@code berth runtime}, started with {@code -XX:ArchiveClassesAtExit}, on a
   * model file that is not ONNX. The runtime starts its server, answers {@code /ping} (asked as the
   * orchestrator asks every runtime), copies the model, starts ONNX Runtime, fails to load the
   * model and exits by itself ({@code BERTH_EXIT_ON_LOAD_FAILURE}); the JVM writes the classes it
   * loaded as it exits.
   *
   * <p>Runtimes always start with {@code -XX:SharedArchiveFile=<the JDK's base archive>:<this
   * archive>}. Until the archive exists, the JVM maps the base archive alone, as it does without
   * the option, and runtimes started after the training run use the archive without a restart of
   * Berth. The JVM refuses an archive made for another jar or JDK with a warning and starts without
   * it, but a truncated archive crashes it. So the archive only ever appears whole and checked: the
   * training run writes a file in a work directory, a JVM of its own maps it with its checksum
   * verified ({@code -Xshare:on -XX:+VerifySharedSpaces}), and only then is it renamed into place.
   * Berth checks an existing archive the same way when it starts, and deletes it if it fails.
   */
  static final class RuntimeClassArchive {
    private static final String PREFIX = "runtime-classes-";
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PING_INTERVAL = Duration.ofMillis(50);
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(1);

    /** Operator options that already decide class sharing: Berth then keeps out of the way. */
    private static final List<String> SHARING_OPTIONS =
        List.of(
            "-Xshare",
            "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit",
            "-XX:SharedClassListFile",
            "-XX:DumpLoadedClassList");

    private final String javaBinary;
    private final List<String> jvmOptions;
    private final String classpath;
    private final Path baseArchive;
    private final Path archive;

    private RuntimeClassArchive(
        String javaBinary,
        List<String> jvmOptions,
        String classpath,
        Path baseArchive,
        Path archive) {
      this.javaBinary = javaBinary;
      this.jvmOptions = List.copyOf(jvmOptions);
      this.classpath = classpath;
      this.baseArchive = baseArchive;
      this.archive = archive;
    }

    /**
     * The archive for these runtimes in {@code cacheDir}: checked if it exists, else made in the
     * background. Empty when the runtimes cannot use one; they then start as without it.
     */
    static Optional<RuntimeClassArchive> prepare(
        String javaBinary, List<String> jvmOptions, String classpath, Path cacheDir) {
      if (jvmOptions.stream().anyMatch(o -> SHARING_OPTIONS.stream().anyMatch(o::startsWith))) {
        LOG.info("BERTH_RUNTIME_JAVA_OPTS chooses class data sharing; no runtime class archive");
        return Optional.empty();
      }
      // The JVM archives classes from jars only.
      if (Arrays.stream(classpath.split(File.pathSeparator)).anyMatch(p -> !p.endsWith(".jar"))) {
        LOG.debug("The classpath is not all jars; no runtime class archive");
        return Optional.empty();
      }
      Optional<Path> base = baseArchive();
      if (base.isEmpty()) {
        LOG.info("This JDK has no default class data sharing archive; no runtime class archive");
        return Optional.empty();
      }
      try {
        Files.createDirectories(cacheDir);
        Path archive =
            cacheDir.resolve(PREFIX + key(javaBinary, jvmOptions, classpath, base.get()) + ".jsa");
        RuntimeClassArchive classes =
            new RuntimeClassArchive(javaBinary, jvmOptions, classpath, base.get(), archive);
        classes.checkOrMake();
        return Optional.of(classes);
      } catch (IOException | RuntimeException e) {
        LOG.warn("No runtime class archive; runtimes start without one: {}", e.toString());
        return Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }

    /** The runtime's JVM option: the JDK's base archive, then this one. */
    String option() {
      return "-XX:SharedArchiveFile=" + baseArchive + File.pathSeparator + archive;
    }

    private void checkOrMake() throws IOException, InterruptedException {
      removeOthers();
      if (Files.exists(archive)) {
        if (check(archive)) {
          LOG.info("Runtimes start with the class archive {}", archive);
          return;
        }
        LOG.warn("The runtime class archive {} failed its check; making it again", archive);
        Files.deleteIfExists(archive);
      }
      Thread maker = new Thread(this::makeQuietly, "berth-runtime-class-archive");
      maker.setDaemon(true);
      maker.start();
    }

    /** Deletes archives of other jars or JDKs, and work directories of interrupted runs. */
    private void removeOthers() throws IOException {
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(archive.getParent(), PREFIX + "*")) {
        for (Path entry : entries) {
          if (!entry.equals(archive)) {
            deleteTree(entry);
          }
        }
      }
    }

    private void makeQuietly() {
      try {
        make();
      } catch (IOException | RuntimeException e) {
        LOG.warn("The runtime class archive could not be made; runtimes start without it", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void make() throws IOException, InterruptedException {
      long start = System.nanoTime();
      Path work = Files.createTempDirectory(archive.getParent(), archive.getFileName() + ".work");
      try {
        Path dumped = work.resolve("classes.jsa");
        Path log = work.resolve("training.log");
        int port = freeLoopbackPort();
        Process training = startTraining(work, port, dumped, log);
        Thread stop = new Thread(training::destroyForcibly, "stop-runtime-class-archive");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
          if (!pingUntilEnded(training, port)) {
            training.destroyForcibly();
            LOG.warn(
                "The runtime class archive was not made within {} s; runtimes start without it",
                TRAINING_TIMEOUT.toSeconds());
            return;
          }
        } finally {
          try {
            Runtime.getRuntime().removeShutdownHook(stop);
          } catch (IllegalStateException shuttingDown) {
            // The hook runs now; it finds the training run ended.
          }
        }
        if (!Files.isRegularFile(dumped) || !check(dumped)) {
          LOG.warn(
              "The runtime class archive could not be made (training run exit {}); runtimes start"
                  + " without it. The run's last lines:\n{}",
              training.exitValue(),
              tail(log));
          return;
        }
        Files.move(
            dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.info(
            "Made the runtime class archive {} in {} ms; runtimes started from now on use it",
            archive,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      } finally {
        deleteTree(work);
      }
    }

    /**
     * Asks the training run's {@code /ping} until it ends, so that the classes that answer it are
     * archived too: every runtime loads them for the orchestrator's first ping, on its event loop.
     *
     * @return false when it did not end in time
     */
    private static boolean pingUntilEnded(Process training, int port) throws InterruptedException {
      long deadline = System.nanoTime() + TRAINING_TIMEOUT.toNanos();
      HttpClient http = HttpClient.newBuilder().connectTimeout(PING_TIMEOUT).build();
      HttpRequest ping =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
              .timeout(PING_TIMEOUT)
              .GET()
              .build();
      while (!training.waitFor(PING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        try {
          http.send(ping, HttpResponse.BodyHandlers.discarding());
        } catch (IOException notListeningYet) {
          // Starting, or already stopping.
        }
      }
      return true;
    }

    /**
     * {@code berth runtime} with the runtimes' JVM options on a model that cannot load; it exits by
     * itself, dumping its classes to {@code dumped}. Not {@code RuntimeMain}, so that nothing takes
     * the training run for one of the orchestrator's runtimes.
     */
    private Process startTraining(Path work, int port, Path dumped, Path log) throws IOException {
      Path model = Files.createDirectories(work.resolve("model"));
      Files.writeString(
          model.resolve("model.onnx"), "Not ONNX: the runtime class archive's training run\n");
      List<String> command = new ArrayList<>();
      command.add(javaBinary);
      command.addAll(jvmOptions);
      command.add("-XX:ArchiveClassesAtExit=" + dumped);
      command.add("-XX:ErrorFile=" + work.resolve("hs_err_pid%p.log"));
      command.addAll(List.of("-cp", classpath, BerthCommand.class.getName(), "runtime"));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(work.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(key -> key.startsWith("BERTH_") || key.startsWith("SAGEMAKER_"));
      env.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(port));
      env.put("BERTH_BIND_HOST", "127.0.0.1");
      env.put("BERTH_MODEL_DATA_URL", model.toUri().toString());
      env.put("BERTH_MODEL_COMPRESSION", "None");
      env.put("BERTH_RUNTIME_CACHE", work.resolve("cache").toString());
      env.put("BERTH_EXIT_ON_LOAD_FAILURE", "true");
      env.put("BERTH_TERMINATION_LOG", work.resolve("termination-log").toString());
      env.put("BERTH_PARENT_PID", Long.toString(ProcessHandle.current().pid()));
      return builder.start();
    }

    /** Whether a JVM with the runtimes' options maps {@code candidate} with its checksum intact. */
    private boolean check(Path candidate) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(javaBinary);
      command.addAll(jvmOptions);
      command.add("-Xshare:on");
      command.add("-XX:+VerifySharedSpaces");
      command.add("-XX:SharedArchiveFile=" + baseArchive + File.pathSeparator + candidate);
      // A crash report of a damaged archive goes where the temporary files go, not the cache.
      command.add(
          "-XX:ErrorFile="
              + Path.of(System.getProperty("java.io.tmpdir"), "berth-class-archive-%p.log"));
      command.addAll(List.of("-cp", classpath, "-version"));
      Process check =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!check.waitFor(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        check.destroyForcibly();
        return false;
      }
      return check.exitValue() == 0;
    }

    /** The JDK's default CDS archive, which a dynamic archive extends. */
    private static Optional<Path> baseArchive() {
      Path home = Path.of(System.getProperty("java.home"));
      return Stream.of("lib", "bin")
          .map(dir -> home.resolve(dir).resolve("server").resolve("classes.jsa"))
          .filter(Files::isRegularFile)
          .findFirst();
    }

    /** What the archive depends on: the JDK, the JVM options, the jars as they are on disk. */
    private static String key(
        String javaBinary, List<String> jvmOptions, String classpath, Path base)
        throws IOException {
      StringBuilder text = new StringBuilder();
      text.append(javaBinary).append('\n').append(System.getProperty("java.vm.version"));
      text.append('\n').append(String.join(" ", jvmOptions)).append('\n');
      List<Path> files = new ArrayList<>();
      files.add(base);
      Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of).forEach(files::add);
      for (Path file : files) {
        text.append(file).append(' ');
        if (Files.exists(file)) {
          text.append(Files.size(file)).append(' ').append(Files.getLastModifiedTime(file));
        }
        text.append('\n');
      }
      try {
        byte[] digest =
            MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 8);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }

    private static int freeLoopbackPort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }

    private static String tail(Path log) {
      try {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
      } catch (IOException | UncheckedIOException e) {
        return "(no log: " + e.getMessage() + ")";
      }
    }

    private static void deleteTree(Path root) throws IOException {
      if (!Files.exists(root)) {
        return;
      }
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      }
    }
  }
}
