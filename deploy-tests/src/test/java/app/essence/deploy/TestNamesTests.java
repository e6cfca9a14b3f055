package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void theRuleRefusesOtherNames() {
        assertTrue(isNamedTestsOrIT("clips-service/src/test/java/app/essence/clips/ClipServiceTests.java"));
        assertTrue(isNamedTestsOrIT("clips-service/src/test/java/app/essence/clips/ClipUploadIT.java"));
        assertFalse(isNamedTestsOrIT("clips-service/src/test/java/app/essence/clips/FooTest.java"));
        assertFalse(isNamedTestsOrIT("clips-service/src/test/java/app/essence/clips/TestFoo.java"));
        assertFalse(isNamedTestsOrIT("clips-service/src/test/java/app/essence/clips/FooTestCase.java"));
    }

    @Test
    void everyTestClassIsNamedTestsOrIT() throws IOException {
        List<Path> classes = testClasses();
        assertTrue(classes.size() > 50, "found only " + classes.size() + " test classes under " + Repository.ROOT);
        List<String> misnamed = classes.stream()
                .map(path -> Repository.ROOT.relativize(path).toString())
                .filter(name -> !isNamedTestsOrIT(name))
                .sorted()
                .toList();
        assertEquals(List.of(), misnamed, "test classes not named *Tests or *IT");
    }

    /**
     * The non-abstract classes under any module's src/test/java that declare a test. Only those folders are walked:
     * the rest of the repository holds a running local stack's data (.essence), whose files come and go mid-walk.
     */
    private static List<Path> testClasses() throws IOException {
        List<Path> classes = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Repository.ROOT)) {
            for (Path testSources : modules.map(module -> module.resolve("src/test/java")).filter(Files::isDirectory)
                    .toList()) {
                try (Stream<Path> files = Files.walk(testSources)) {
                    files.filter(path -> path.toString().endsWith(".java"))
                            .filter(TestNamesTests::declaresATest)
                            .forEach(classes::add);
                }
            }
        }
        return classes;
    }

    /** The rule itself, apart from the walk: a test class's file name ends in Tests.java or IT.java. */
    static boolean isNamedTestsOrIT(String fileName) {
        return fileName.endsWith("Tests.java") || fileName.endsWith("IT.java");
    }

    private static boolean declaresATest(Path path) {
        String source = Repository.read(path);
        return TEST_METHOD.matcher(source).find() && !ABSTRACT.matcher(source).find();
    }
}
