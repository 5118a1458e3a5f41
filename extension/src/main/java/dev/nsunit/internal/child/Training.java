package dev.nsunit.internal.child;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.platform.commons.JUnitException;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;

import dev.nsunit.IsolatedCgroup;
import dev.nsunit.IsolatedIpc;
import dev.nsunit.IsolatedMount;
import dev.nsunit.IsolatedNetwork;
import dev.nsunit.IsolatedPerClass;
import dev.nsunit.IsolatedPid;
import dev.nsunit.IsolatedTime;
import dev.nsunit.IsolatedUser;
import dev.nsunit.IsolatedUts;
import dev.nsunit.JoinNamespace;
import dev.nsunit.Limits;
import dev.nsunit.Namespaces;
import dev.nsunit.NetworkConditions;
import dev.nsunit.Privileged;
import dev.nsunit.internal.engine.JupiterEngine;
import dev.nsunit.internal.linux.BindMount;
import dev.nsunit.internal.linux.FdInputStream;
import dev.nsunit.internal.linux.FdOutputStream;
import dev.nsunit.internal.linux.ClockOffsets;
import dev.nsunit.internal.linux.HostsEntry;
import dev.nsunit.internal.linux.Linux;
import dev.nsunit.internal.linux.NamespaceInodes;
import dev.nsunit.internal.linux.NamespaceJoin;
import dev.nsunit.internal.linux.NamespaceSetup;
import dev.nsunit.internal.linux.NamespaceType;
import dev.nsunit.internal.linux.Netem;
import dev.nsunit.internal.linux.Pipe;
import dev.nsunit.internal.linux.UserMapping;
import dev.nsunit.internal.relay.Message;
import dev.nsunit.internal.relay.MessageChannel;
import dev.nsunit.internal.relay.NodeData;
import dev.nsunit.internal.relay.SourceData;
import dev.nsunit.internal.relay.ThrowableData;

/**
 * The training run behind a class-data archive: a JVM on the children's class path (its jars) that walks a
 * child's own path, without a parent, namespaces or test of the user's, so that the JVM records the classes
 * involved: binding and calling libc, the relay over a pipe read on a thread of its own, the warm-up's run of an
 * empty test through {@link TestRunner}, the same test through the launcher a child makes for the user's tests
 * under the watch for timeouts, the end of the child. What a child alone reaches (its own classes, nsunit's
 * annotations on the user's test) is loaded without being run.
 */
final class Training {

    /** Classes of a child's that only a child can run: loaded, not run, so that the archive holds them. */
    private static final List<Class<?>> CHILD_ONLY = List.of(ChildMain.ParentWatch.class, ChildMain.RunStop.class);

    /**
     * nsunit's annotations, which a child's Jupiter reads on the user's test class and methods, and the training's
     * own test does not carry: loaded so that the archive holds them, where a child read them from nsunit's jar.
     */
    static final List<Class<? extends Annotation>> USERS_ANNOTATIONS = List.of(IsolatedCgroup.class,
            IsolatedIpc.class, IsolatedMount.class, IsolatedNetwork.class, IsolatedPerClass.class, IsolatedPid.class,
            IsolatedTime.class, IsolatedUser.class, IsolatedUts.class, JoinNamespace.class, Limits.class,
            Namespaces.class, NetworkConditions.class, Privileged.class);

    private Training() {
    }

    /**
     * @param learned classes that children of the user's were seen to load: loaded at the end, so that the archive
     *                holds them too
     */
    static void run(List<String> learned) throws IOException, InterruptedException {
        Linux linux = Linux.get();
        linux.setChildSubreaper(true);
        NamespaceInodes inodes = NamespaceInodes.ofCurrentThread();
        Path scratch = scratchFile();
        try {
            NamespaceSetup.rehearse(linux, scratch);
        }
        finally {
            Files.delete(scratch);
        }
        LauncherWarmUp.run();
        TimeoutWatch.watchThisThread(timeout -> {
            throw new IllegalStateException("Training: the empty test timed out", timeout);
        });
        throughUsersLauncher();
        roundTrip(linux, everyKind(inodes));
        loadWithoutInitialising(learned);
        Descendants.killAndReap(linux);
    }

    /** The class names on standard input, one per line, read to its end before the run writes anything. */
    static List<String> namedOnStdin() throws IOException {
        return new String(System.in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank())
                .toList();
    }

    /**
     * Loads the classes without initialising them, so that the archive holds them parsed and verified and no code
     * of theirs runs outside a child. One that cannot be loaded (its jar changed since children loaded it, say)
     * is left out of the archive.
     */
    private static void loadWithoutInitialising(List<String> names) {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
            }
            catch (ClassNotFoundException | LinkageError gone) {
                // a child that needs it parses it, as without an archive
            }
        }
    }

    /**
     * A new, empty file for the rehearsal's copy of {@code /etc/hosts}. Not {@code Files.createTempFile}: its random
     * name initialises {@code SecureRandom} and the security providers, about sixty classes that no child loads, and
     * the archive would hold them all, which every child maps and, on JDK 25, loads at start-up. The name need only
     * be new, and creating it fails rather than reuse a file that exists.
     */
    private static Path scratchFile() throws IOException {
        return Files.createFile(Path.of(System.getProperty("java.io.tmpdir"),
                "nsunit-training-" + System.nanoTime() + ".hosts"));
    }

    /**
     * The empty test again, through the launcher a child makes for the user's tests ({@link TestRunner}'s own),
     * which registers the engines, listeners and filters that {@code ServiceLoader} finds and reads
     * {@code junit-platform.properties}: a path the warm-up's private launcher leaves out, and every child takes,
     * discovered ahead and then run, as a child started ahead does.
     * Both look through the thread's context class loader; here it shows them only what JUnit's jars and nsunit's
     * hold, so that nothing of the user's runs outside a child.
     */
    private static void throughUsersLauncher() {
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(new OwnResourcesOnly(loader, JupiterEngine.type(), LauncherFactory.class,
                EngineDiscoveryRequest.class, JUnitException.class, ChildMain.class));
        try {
            LauncherWarmUp.run(new TestRunner(), true);
        }
        finally {
            thread.setContextClassLoader(loader);
        }
    }

    /** A class loader that finds only the resources of the jars its classes come from (and classes as its parent). */
    private static final class OwnResourcesOnly extends ClassLoader {

        private final List<String> jars = new ArrayList<>();

        OwnResourcesOnly(ClassLoader parent, Class<?>... owners) {
            super(parent);
            for (Class<?> owner : owners) {
                jars.add("jar:" + owner.getProtectionDomain().getCodeSource().getLocation() + "!/");
            }
        }

        @Override
        public URL getResource(String name) {
            URL url = getParent().getResource(name);
            return url != null && isOwn(url) ? url : null;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> own = new ArrayList<>();
            for (URL url : Collections.list(getParent().getResources(name))) {
                if (isOwn(url)) {
                    own.add(url);
                }
            }
            return Collections.enumeration(own);
        }

        private boolean isOwn(URL url) {
            String location = url.toString();
            return jars.stream().anyMatch(location::startsWith);
        }
    }

    /**
     * One message of every kind, with every field that can be set set, so that the archive holds all the classes
     * their encoding and decoding use.
     */
    static List<Message> everyKind(NamespaceInodes inodes) {
        NamespaceSetup setup = new NamespaceSetup(Set.of(NamespaceType.MOUNT, NamespaceType.TIME,
                NamespaceType.NETWORK), "", "", List.of(new HostsEntry("db", "127.0.0.1")), List.of("/tmp"),
                List.of(new BindMount("/a", "/b")), List.of("/c"), new UserMapping.InvokingUser(0, 0), false,
                new ClockOffsets(1, 1), List.of(new NamespaceJoin(NamespaceType.UTS, "/run/uts", 1, 2)),
                new Netem(1, 0, 0, 0));
        // Built, not ThrowableData.of(a throwable): Java-serializing one computes a default serialVersionUID with
        // SHA and so initialises the security providers, about 80 classes that no passing child loads, which every
        // child would map and, on JDK 25, load before main. A failing child loads them from the JDK itself.
        ThrowableData failure = new ThrowableData(AssertionError.class.getName(), "training",
                new Throwable().getStackTrace(), new byte[0], null, List.of(), "expected", "actual");
        return List.of(
                new Message.WarmUp(),
                new Message.Prepare(setup, inodes, "fence"),
                new Message.Discover(new Message.Run(List.of("[engine:junit-jupiter]"), Map.of("key", "value"),
                        Map.of("key", "value"), true)),
                new Message.Run(List.of("[engine:junit-jupiter]"), Map.of()),
                new Message.Ready(),
                new Message.PrepareFailed(failure),
                new Message.Registered(new NodeData("[engine:junit-jupiter]/[class:A]/[test-factory:f()]/"
                        + "[dynamic-test:#1]", "[engine:junit-jupiter]/[class:A]/[test-factory:f()]", "training",
                        "training", "TEST", new SourceData(SourceData.Kind.METHOD, "A", "f", "", 1, 2),
                        List.of("tag"))),
                new Message.Started("[engine:junit-jupiter]", 1),
                new Message.Skipped("[engine:junit-jupiter]", "training", 1),
                new Message.Reported("[engine:junit-jupiter]", Map.of("key", "value")),
                new Message.FileReported("[engine:junit-jupiter]", "/tmp/training.txt", "text/plain"),
                new Message.Finished("[engine:junit-jupiter]", Message.Status.FAILED, failure, 2),
                new Message.Cancel(),
                new Message.Resume(),
                new Message.RunFinished(null, 3, 1_000_000),
                new Message.Shutdown());
    }

    /**
     * Sends the messages through a pipe and reads them back, as parent and child do over the relay: read on a thread
     * of its own into a queue, as the child's parent watch reads.
     */
    private static void roundTrip(Linux linux, List<Message> messages) throws IOException, InterruptedException {
        Pipe pipe = linux.pipe();
        linux.setCloseOnExec(pipe.readFd());
        linux.setCloseOnExec(pipe.writeFd());
        // A few kilobytes, well inside a pipe's buffer, so one thread can write them all before reading.
        try (MessageChannel writer = new MessageChannel(InputStream.nullInputStream(),
                new FdOutputStream(linux, pipe.writeFd()));
                MessageChannel reader = new MessageChannel(new FdInputStream(linux, pipe.readFd()),
                        OutputStream.nullOutputStream())) {
            for (Message message : messages) {
                writer.send(message);
            }
            BlockingQueue<Optional<Message>> received = new LinkedBlockingQueue<>();
            Thread watch = new Thread(() -> {
                try {
                    for (int i = 0; i < messages.size(); i++) {
                        received.add(Optional.ofNullable(reader.receive()));
                    }
                }
                catch (IOException | RuntimeException broken) {
                    received.add(Optional.empty());
                }
            }, "nsunit-training-watch");
            watch.start();
            for (int i = 0; i < messages.size(); i++) {
                if (received.take().isEmpty()) {
                    throw new IllegalStateException("Training: message " + i + " did not come back");
                }
            }
        }
    }
}
