package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One naming rule for test classes in every module: {@code *Tests} run by Surefire, {@code *IT} by Failsafe. A class
 * named otherwise would run under neither rule or under the wrong one (Surefire's defaults also take {@code *Test},
 * {@code *TestCase} and {@code Test*}), so it is refused here.
 */
class TestNamesTests {
    private static final Pattern TEST_METHOD = Pattern.compile(
            "@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");
    private static final Pattern ABSTRACT = Pattern.compile("\\babstract\\s+class\\b");

    @Test
    void everyTestClassIsNamedTestsOrIT() throws IOException {
        List<Path> classes = testClasses();
        assertTrue(classes.size() > 50, "found only " + classes.size() + " test classes under " + Repository.ROOT);
        List<String> misnamed = classes.stream()
                .map(path -> Repository.ROOT.relativize(path).toString())
                .filter(name -> !name.endsWith("Tests.java") && !name.endsWith("IT.java"))
                .sorted()
                .toList();
        assertEquals(List.of(), misnamed, "test classes not named *Tests or *IT");
    }

    /** The non-abstract classes under any module's src/test/java that declare a test. */
    private static List<Path> testClasses() throws IOException {
        try (Stream<Path> files = Files.walk(Repository.ROOT)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> path.toString().contains("/src/test/java/"))
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/"))
                    .filter(TestNamesTests::declaresATest)
                    .toList();
        }
    }

    private static boolean declaresATest(Path path) {
        String source = Repository.read(path);
        return TEST_METHOD.matcher(source).find() && !ABSTRACT.matcher(source).find();
    }
}
