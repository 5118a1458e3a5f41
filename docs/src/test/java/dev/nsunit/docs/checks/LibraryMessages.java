package dev.nsunit.docs.checks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The messages a library's sources can produce, read from the sources themselves: every string concatenation
 * ({@code "literal" + value + "literal"}, or a lone literal) whose text reads as words, with the literal parts kept
 * in order and the computed parts left out. {@code "Configuration parameter " + KEY + " = \"" + value + "\" is not a
 * duration"} is the message with fragments {@code [Configuration parameter ,  = ", " is not a duration]}.
 *
 * <p>Literals that are no words (flags, paths, thread names, patterns, the names of system calls) are not messages.
 * Comments are skipped.
 */
final class LibraryMessages {

    /** Two words of at least two letters, one space apart: what prose has and identifiers and flags lack. */
    private static final Pattern WORDS = Pattern.compile("[A-Za-z]{2,} [A-Za-z]{2,}");
    private static final Pattern LETTERS = Pattern.compile("[A-Za-z]{2,}");
    /** How a failed system call is named, {@code mount(tmpfs on /srv)}: part of a message, not one. */
    private static final Pattern CALL = Pattern.compile("^\\w+\\(");

    /**
     * One message as written in a source.
     *
     * @param source    the file, relative to the root scanned
     * @param line      where the first literal is
     * @param fragments the literal parts, in order; adjacent literals joined
     */
    record Message(String source, int line, List<String> fragments) {

        /** The message with each computed part shown as {@code …}, for failure messages. */
        String template() {
            return String.join("…", fragments);
        }

        @Override
        public String toString() {
            return source + ":" + line + ": \"" + template() + "\"";
        }
    }

    private LibraryMessages() {
    }

    /** The messages of every {@code .java} file under {@code root}, except those under the excluded directories. */
    static List<Message> under(Path root, List<Path> excluded) throws IOException {
        List<Path> files;
        try (Stream<Path> paths = Files.walk(root)) {
            files = paths.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> excluded.stream().noneMatch(dir -> root.relativize(path).startsWith(dir)))
                    .sorted().toList();
        }
        List<Message> messages = new ArrayList<>();
        for (Path file : files) {
            messages.addAll(in(root.relativize(file).toString(), Files.readString(file)));
        }
        return messages;
    }

    /** The messages in one source file's text. */
    static List<Message> in(String source, String text) {
        List<Token> tokens = new Tokenizer(source, text).tokens();
        boolean[] used = new boolean[tokens.size()];
        List<Message> messages = new ArrayList<>();
        for (int start = 0; start < tokens.size(); start++) {
            if (tokens.get(start).kind() != Kind.STRING || used[start]) {
                continue;
            }
            List<String> fragments = new ArrayList<>();
            fragments.add(tokens.get(start).text());
            used[start] = true;
            boolean lastWasLiteral = true;
            int i = start + 1;
            while (i < tokens.size() && tokens.get(i).kind() == Kind.PLUS) {
                i++;
                if (i < tokens.size() && tokens.get(i).kind() == Kind.STRING) {
                    if (lastWasLiteral) {
                        fragments.set(fragments.size() - 1, fragments.get(fragments.size() - 1) + tokens.get(i).text());
                    }
                    else {
                        fragments.add(tokens.get(i).text());
                    }
                    used[i] = true;
                    lastWasLiteral = true;
                    i++;
                }
                else {
                    i = endOfOperand(tokens, i);
                    lastWasLiteral = false;
                }
            }
            if (readsAsWords(String.join("…", fragments))) {
                messages.add(new Message(source, tokens.get(start).line(), List.copyOf(fragments)));
            }
        }
        return messages;
    }

    /**
     * Whether a text is (part of) a message: words, or letters and spaces that are not a system call's name, such
     * as {@code " (nsunit.unsupported = fail)"} or {@code " failed: "}.
     */
    private static boolean readsAsWords(String text) {
        return WORDS.matcher(text).find()
                || text.contains(" ") && LETTERS.matcher(text).find() && !CALL.matcher(text).find();
    }

    /** The index after an operand of {@code +}: the next {@code +} or end of the expression, outside brackets. */
    private static int endOfOperand(List<Token> tokens, int from) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == Kind.OPEN) {
                depth++;
            }
            else if (token.kind() == Kind.CLOSE) {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
            else if (depth == 0 && (token.kind() == Kind.PLUS || token.kind() == Kind.END)) {
                return i;
            }
        }
        return tokens.size();
    }

    private enum Kind {
        STRING, PLUS, OPEN, CLOSE, END, OTHER
    }

    private record Token(Kind kind, String text, int line) {
    }

    /** Just enough of Java's lexical structure to find string literals and what joins them. */
    private static final class Tokenizer {

        private final String source;
        private final String text;
        private final List<Token> tokens = new ArrayList<>();
        private int position;
        private int line = 1;

        Tokenizer(String source, String text) {
            this.source = source;
            this.text = text;
        }

        List<Token> tokens() {
            while (position < text.length()) {
                char c = text.charAt(position);
                if (text.startsWith("//", position)) {
                    skipUntil("\n");
                }
                else if (text.startsWith("/*", position)) {
                    skipUntil("*/");
                }
                else if (text.startsWith("\"\"\"", position)) {
                    throw new IllegalStateException(source + ":" + line + ": a text block, which this scanner does "
                            + "not read; teach LibraryMessages text blocks before using one for a message");
                }
                else if (c == '"') {
                    tokens.add(new Token(Kind.STRING, literal('"'), line));
                }
                else if (c == '\'') {
                    tokens.add(new Token(Kind.OTHER, literal('\''), line));
                }
                else if (c == '+') {
                    boolean alone = position + 1 == text.length() || "+=".indexOf(text.charAt(position + 1)) < 0;
                    tokens.add(new Token(alone ? Kind.PLUS : Kind.END, "+", line));
                    position += alone ? 1 : 2;
                }
                else {
                    if (c == '\n') {
                        line++;
                    }
                    if (!Character.isWhitespace(c)) {
                        tokens.add(new Token(kindOf(c), String.valueOf(c), line));
                    }
                    position++;
                }
            }
            return tokens;
        }

        private static Kind kindOf(char c) {
            if ("([{".indexOf(c) >= 0) {
                return Kind.OPEN;
            }
            if (")]}".indexOf(c) >= 0) {
                return Kind.CLOSE;
            }
            // What ends an operand of +: another argument, the statement, a ternary's branches, an assignment.
            if (",;?:=".indexOf(c) >= 0) {
                return Kind.END;
            }
            return Kind.OTHER;
        }

        private void skipUntil(String end) {
            int found = text.indexOf(end, position + 2);
            int stop = found < 0 ? text.length() : found + end.length();
            line += (int) text.substring(position, stop).chars().filter(c -> c == '\n').count();
            position = stop;
        }

        /** Reads a string or character literal, returning its value with escapes resolved. */
        private String literal(char quote) {
            StringBuilder value = new StringBuilder();
            position++;
            while (text.charAt(position) != quote) {
                char c = text.charAt(position++);
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 's' -> value.append(' ');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> {
                        if (escaped >= '0' && escaped <= '7') {
                            throw new IllegalStateException(source + ":" + line + ": an octal escape, which this "
                                    + "scanner does not read");
                        }
                        value.append(escaped);
                    }
                }
            }
            position++;
            return value.toString();
        }
    }
}
