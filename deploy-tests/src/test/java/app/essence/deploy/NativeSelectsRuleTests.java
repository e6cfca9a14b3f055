package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A native select that reads rows is made only by common-lib's NativeSelects (docs/architecture.md, "Native
 * selects"): a {@code createNativeQuery(} given a second argument, its result type, anywhere else in a module's
 * src/main is refused here, by file and line.
 */
class NativeSelectsRuleTests {
    private static final Path NATIVE_SELECTS = Path.of(
            "common-lib/src/main/java/app/essence/common/reactive/NativeSelects.java");
    private static final Pattern CALL = Pattern.compile("\\bcreateNativeQuery\\s*\\(");

    @Test
    void theScanFindsAResultTypeOnlyInCode() {
        assertEquals(List.of(1), resultTypedCalls("session.createNativeQuery(SQL, Long.class).getSingleResult();"));
        assertEquals(List.of(2), resultTypedCalls("Panache.getSession().flatMap(session -> session\n"
                + "        .createNativeQuery(\n            SQL,\n            Object[].class)"));
        assertEquals(List.of(), resultTypedCalls("session.createNativeQuery(UPDATE).executeUpdate();"));
        assertEquals(List.of(), resultTypedCalls("session.createNativeQuery(\"select f(a, ')')\").executeUpdate();"));
        assertEquals(List.of(), resultTypedCalls("session.createNativeQuery(sql(a, ',')).executeUpdate();"));
        assertEquals(List.of(), resultTypedCalls("// session.createNativeQuery(SQL, Long.class)\n"
                + "/** {@code session.createNativeQuery(sql, type)} */\nString s = \"createNativeQuery(a, b)\";"));
        assertEquals(List.of(), resultTypedCalls("String s = \"\"\"\n    createNativeQuery(a, b)\n    \"\"\";"));
    }

    @Test
    void noNativeSelectWithAResultTypeOutsideNativeSelects() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (Path module : Repository.modules()) {
            Path sources = module.resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                    files++;
                    Path name = Repository.ROOT.relativize(file);
                    if (name.equals(NATIVE_SELECTS)) {
                        continue;
                    }
                    resultTypedCalls(Repository.read(file)).forEach(line -> found.add(name + ":" + line));
                }
            }
        }
        assertTrue(files > 100, "found only " + files + " main source files under " + Repository.ROOT);
        assertEquals(List.of(), found, "native selects with a result type made without NativeSelects.create");
    }

    /** The lines of the calls to {@code createNativeQuery} with more than one argument in a Java source. */
    static List<Integer> resultTypedCalls(String source) {
        String code = code(source);
        List<Integer> lines = new ArrayList<>();
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            if (hasSecondArgument(code, call.end())) {
                lines.add((int) code.substring(0, call.start()).chars().filter(c -> c == '\n').count() + 1);
            }
        }
        return lines;
    }

    /** Whether the argument list opened before {@code from} has a comma outside any nested brackets. */
    private static boolean hasSecondArgument(String code, int from) {
        int depth = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth-- == 0) {
                    return false;
                }
            } else if (c == ',' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /** The source with its comments and its literals (strings, text blocks, chars) blanked, its lines kept. */
    private static String code(String source) {
        char[] code = source.toCharArray();
        int i = 0;
        while (i < code.length) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? -1 : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = literalEnd(source, i, "\"\"\"");
            } else if (code[i] == '"' || code[i] == '\'') {
                end = literalEnd(source, i, String.valueOf(code[i]));
            } else {
                i++;
                continue;
            }
            end = end < 0 ? code.length : end;
            for (int j = i; j < end; j++) {
                code[j] = code[j] == '\n' ? '\n' : ' ';
            }
            i = end;
        }
        return new String(code);
    }

    private static int literalEnd(String source, int start, String quote) {
        for (int i = start + quote.length(); i < source.length(); i++) {
            if (source.charAt(i) == '\\') {
                i++;
            } else if (source.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return -1;
    }
}
