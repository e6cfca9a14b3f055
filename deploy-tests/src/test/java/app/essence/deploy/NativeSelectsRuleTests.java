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
 * selects"). Anywhere else in a module's src/main/java, refused here by file and line: a {@code createNativeQuery(}
 * given a second argument, its result type; one without it whose expression reaches {@code getResultList} or
 * {@code getSingleResult}; and any {@code ::createNativeQuery}, whose arguments cannot be seen. NativeSelects itself
 * holds exactly one call.
 */
class NativeSelectsRuleTests {
    private static final Path NATIVE_SELECTS = Path.of(
            "common-lib/src/main/java/app/essence/common/reactive/NativeSelects.java");
    private static final Pattern CALL = Pattern.compile("\\bcreateNativeQuery\\s*\\(");
    private static final Pattern REFERENCE = Pattern.compile("::\\s*createNativeQuery\\b");
    private static final Pattern READ = Pattern.compile("\\bget(?:ResultList|SingleResult)");

    @Test
    void theScanFindsAResultTypeOnlyInCode() {
        assertEquals(List.of(1), rowReadingCalls("session.createNativeQuery(SQL, Long.class).getSingleResult();"));
        assertEquals(List.of(2), rowReadingCalls("Panache.getSession().flatMap(session -> session\n"
                + "        .createNativeQuery(\n            SQL,\n            Object[].class)"));
        assertEquals(List.of(), rowReadingCalls("session.createNativeQuery(UPDATE).executeUpdate();"));
        assertEquals(List.of(), rowReadingCalls("session.createNativeQuery(\"select f(a, ')')\").executeUpdate();"));
        assertEquals(List.of(), rowReadingCalls("session.createNativeQuery(sql(a, ',')).executeUpdate();"));
        assertEquals(List.of(), rowReadingCalls("// session.createNativeQuery(SQL, Long.class)\n"
                + "/** {@code session.createNativeQuery(sql, type)} */\nString s = \"createNativeQuery(a, b)\";"));
        assertEquals(List.of(), rowReadingCalls("String s = \"\"\"\n    createNativeQuery(a, b)\n    \"\"\";"));
    }

    @Test
    void theScanFindsAnUntypedSelectThatReadsRows() {
        assertEquals(List.of(1), rowReadingCalls("session.createNativeQuery(SQL).getResultList();"));
        assertEquals(List.of(2), rowReadingCalls("return Panache.getSession()\n"
                + "    .flatMap(session -> session.createNativeQuery(sql(\"a\"))\n"
                + "        .setParameter(\"id\", id).getSingleResultOrNull());"));
        assertEquals(List.of(1), rowReadingCalls("session.createNativeQuery(SQL).setParameter(\"a\", a)"
                + ".getResultList().map(rows -> rows.size());"));
        // The expression ends at its ';', ',' or ':', or at the bracket around it.
        assertEquals(List.of(), rowReadingCalls("return cond ? session.createNativeQuery(UPDATE).executeUpdate()\n"
                + "    : NativeSelects.create(session, SQL, Long.class).getSingleResult();"));
        assertEquals(List.of(), rowReadingCalls("Uni.join().all(session.createNativeQuery(UPDATE).executeUpdate(), "
                + "NativeSelects.create(session, SQL, Long.class).getResultList());"));
        assertEquals(List.of(), rowReadingCalls("f(session.createNativeQuery(UPDATE).executeUpdate())"
                + ".getResultList();"));
        assertEquals(List.of(), rowReadingCalls("session.createNativeQuery(UPDATE).executeUpdate();\n"
                + "NativeSelects.create(session, SQL, Long.class).getResultList();"));
        assertEquals(List.of(), rowReadingCalls("session.createNativeQuery(UPDATE).executeUpdate(); // getResultList"));
        assertEquals(List.of(1), rowReadingCalls("s.createNativeQuery(SQL).call(q -> { f(); return q.getResultList(); "
                + "});"));
    }

    @Test
    void theScanFindsAMethodReference() {
        assertEquals(List.of(1), rowReadingCalls("sessions.map(Mutiny.Session::createNativeQuery);"));
        assertEquals(List.of(2), rowReadingCalls("BiFunction<String, Class<Long>, Query> q =\n    session ::\n"
                + "    createNativeQuery;"));
        assertEquals(List.of(), rowReadingCalls("f(Mutiny.Session::createNativeQueryCount); // ::createNativeQuery"));
    }

    @Test
    void nativeSelectsHoldsExactlyOneCall() {
        Path file = Repository.ROOT.resolve(NATIVE_SELECTS);
        assertEquals(List.of(), nativeSelectsProblems(Repository.read(file)), file.toString());
        assertEquals(List.of("2 calls to createNativeQuery, not 1"), nativeSelectsProblems(
                "s.createNativeQuery(a, b); s.createNativeQuery(c, d);"));
        assertEquals(List.of("0 calls to createNativeQuery, not 1"), nativeSelectsProblems("// createNativeQuery(a)"));
        assertEquals(List.of("a method reference to createNativeQuery at line 2"), nativeSelectsProblems(
                "s.createNativeQuery(a, b);\nf(Session::createNativeQuery);"));
    }

    @Test
    void noNativeSelectOutsideNativeSelects() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        for (Path module : Repository.modules()) {
            // A module without Java sources (the gateway's configuration, say) has nothing to scan.
            Path sources = module.resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                    files++;
                    Path name = Repository.ROOT.relativize(file);
                    if (name.equals(NATIVE_SELECTS)) {
                        nativeSelectsProblems(Repository.read(file))
                                .forEach(problem -> found.add(name + ": " + problem));
                    } else {
                        rowReadingCalls(Repository.read(file)).forEach(line -> found.add(name + ":" + line));
                    }
                }
            }
        }
        assertTrue(files > 100, "found only " + files + " main source files under " + Repository.ROOT);
        assertEquals(List.of(), found, "native selects that read rows made without NativeSelects.create");
    }

    /**
     * The lines of a Java source's native selects: calls to {@code createNativeQuery} with more than one argument,
     * or with one whose expression reads rows, and method references to it.
     */
    static List<Integer> rowReadingCalls(String source) {
        String code = code(source);
        List<Integer> lines = new ArrayList<>();
        Matcher call = CALL.matcher(code);
        while (call.find()) {
            if (hasSecondArgument(code, call.end())
                    || READ.matcher(code).region(call.end(), expressionEnd(code, call.end())).find()) {
                lines.add(line(code, call.start()));
            }
        }
        REFERENCE.matcher(code).results().forEach(reference -> lines.add(line(code, reference.start())));
        return lines.stream().sorted().toList();
    }

    /** What is wrong with NativeSelects' own source: anything but its one call, made directly. */
    static List<String> nativeSelectsProblems(String source) {
        String code = code(source);
        List<String> problems = new ArrayList<>();
        long calls = CALL.matcher(code).results().count();
        if (calls != 1) {
            problems.add(calls + " calls to createNativeQuery, not 1");
        }
        REFERENCE.matcher(code).results().forEach(reference -> problems.add(
                "a method reference to createNativeQuery at line " + line(code, reference.start())));
        return problems;
    }

    private static int line(String code, int at) {
        return (int) code.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    /**
     * Where the expression holding the call whose arguments open before {@code from} ends: a {@code ;}, {@code ,} or
     * {@code :} at its depth (its statement's end, the next argument, the other branch), or the bracket that closes
     * around it; the rest of the statement is another expression's. A lambda's block inside it is scanned.
     */
    private static int expressionEnd(String code, int from) {
        return stop(code, from, 1, ";,:");
    }

    /** Whether the argument list opened before {@code from} has a comma outside any nested brackets. */
    private static boolean hasSecondArgument(String code, int from) {
        int stop = stop(code, from, 0, ",");
        return stop < code.length() && code.charAt(stop) == ',';
    }

    /** The first bracket from {@code from} closing below depth 0 or of the {@code stops} at depth 0, if any. */
    private static int stop(String code, int from, int depth, String stops) {
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth < 0) {
                    return i;
                }
            } else if (depth == 0 && stops.indexOf(c) >= 0) {
                return i;
            }
        }
        return code.length();
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
