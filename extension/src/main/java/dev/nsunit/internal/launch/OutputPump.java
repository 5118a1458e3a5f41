package dev.nsunit.internal.launch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Splits one of the child's output streams into lines as they arrive, recognizing the end-of-run fence and
 * remembering the last lines and a JVM crash banner for failure messages.
 */
final class OutputPump implements Runnable {

    /**
     * A line longer than this is passed on in pieces rather than held back (a test may print megabytes without a
     * line feed): each piece ends at a UTF-8 character boundary, since a reader of this JVM's streams (Surefire's
     * capture, for one) may decode each write on its own, and no line break is added between them.
     */
    static final int PIECE_BYTES = 64 * 1024;
    private static final int TAIL_LINES = 20;
    /** HotSpot's crash banner is about 20 lines; more are not a banner. */
    private static final int CRASH_BANNER_LINES = 40;

    private final InputStream in;
    private final ChildEvent.OutputStream stream;
    private final byte[] fence;
    private final Consumer<ChildEvent> events;
    private final Deque<String> tail = new ArrayDeque<>();
    private final List<String> crashBanner = new ArrayList<>();
    private boolean crashBannerEnded;

    OutputPump(InputStream in, ChildEvent.OutputStream stream, String fence, Consumer<ChildEvent> events) {
        this.in = in;
        this.stream = stream;
        this.fence = fence.getBytes(StandardCharsets.US_ASCII);
        this.events = events;
    }

    @Override
    public void run() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        completeLine(line.toByteArray());
                        line.reset();
                    }
                    else {
                        line.write(buffer[i]);
                        if (line.size() >= PIECE_BYTES) {
                            passOnPiece(line);
                        }
                    }
                }
            }
        }
        catch (IOException lostStream) {
            // treated as end of file: the child is gone
        }
        finally {
            if (line.size() > 0) {
                completeLine(line.toByteArray());
            }
            closeQuietly();
            events.accept(new ChildEvent.OutputClosed(stream));
        }
    }

    private void closeQuietly() {
        try {
            in.close();
        }
        catch (IOException ignored) {
            // nothing more will be read either way
        }
    }

    /**
     * Passes on the start of a long line, keeping back its last bytes: as many as a fence has, so that a fence the
     * line ends in is still found whole, and the bytes of a character cut short, so that each piece decodes alone.
     */
    private void passOnPiece(ByteArrayOutputStream line) {
        byte[] bytes = line.toByteArray();
        int cut = bytes.length - fence.length;
        // A UTF-8 character is at most 4 bytes, so at most 3 continuation bytes (10xxxxxx) come before a new one.
        for (int back = 0; back < 3 && cut > 0 && (bytes[cut] & 0xC0) == 0x80; back++) {
            cut--;
        }
        events.accept(new ChildEvent.Output(stream, Arrays.copyOf(bytes, cut), false));
        line.reset();
        line.write(bytes, cut, bytes.length - cut);
    }

    private void completeLine(byte[] bytes) {
        if (endsWithFence(bytes)) {
            // Output without a final line feed runs into the fence; it is still the run's output.
            byte[] before = Arrays.copyOf(bytes, bytes.length - fence.length);
            if (before.length > 0) {
                emit(before);
            }
            events.accept(new ChildEvent.FenceReached(stream));
        }
        else {
            emit(bytes);
        }
    }

    /** The end of a line, or all of it: passed on, and remembered among the last lines. */
    private void emit(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text);
            if (!crashBannerEnded && (!crashBanner.isEmpty() || text.equals(CrashReport.HEADER))) {
                crashBannerEnded = !text.startsWith("#") || crashBanner.size() == CRASH_BANNER_LINES;
                if (!crashBannerEnded) {
                    crashBanner.add(text);
                }
            }
        }
        events.accept(new ChildEvent.Output(stream, bytes, true));
    }

    private boolean endsWithFence(byte[] bytes) {
        return bytes.length >= fence.length
                && Arrays.equals(bytes, bytes.length - fence.length, bytes.length, fence, 0, fence.length);
    }

    /** The last lines written, oldest first: what best explains a death, unless the JVM crashed. */
    List<String> lastWords() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** The JVM's crash banner, if it wrote one on this stream. */
    Optional<CrashReport> crashReport() {
        synchronized (tail) {
            return CrashReport.fromBanner(crashBanner);
        }
    }
}
