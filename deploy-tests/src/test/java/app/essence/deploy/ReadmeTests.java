package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table (section "Configuration") documents every key a service requires under prod. */
class ReadmeTests {
    /** A table row's first cell: `KEY` or `KEY` / `_SUFFIX` / ... (the suffix replaces KEY's last words). */
    private static final Pattern ROW = Pattern.compile("(?m)^\\| (`[A-Z][A-Z0-9_]*`(?: / `_[A-Z0-9_]+`)*) \\|");
    private static final Pattern NAME = Pattern.compile("`(_?[A-Z][A-Z0-9_]*)`");

    @Test
    void theConfigurationTableHasEveryProductionKey() {
        Set<String> documented = documentedKeys(Repository.read(Repository.ROOT.resolve("README.md")));
        assertFalse(documented.isEmpty(), "the README has no configuration table");
        Set<String> missing = new TreeSet<>();
        for (String service : Repository.SERVICES) {
            ProductionKeys.environmentNames(service).stream().filter(name -> !documented.contains(name))
                    .forEach(missing::add);
        }
        assertEquals(Set.of(), missing, "production keys the README's configuration table does not document");
    }

    /** Every key a row names; a suffix stands for the first key with any number of its last words replaced. */
    static Set<String> documentedKeys(String readme) {
        Set<String> keys = new TreeSet<>();
        Matcher row = ROW.matcher(readme);
        while (row.find()) {
            Matcher name = NAME.matcher(row.group(1));
            name.find();
            String first = name.group(1);
            keys.add(first);
            while (name.find()) {
                String suffix = name.group(1);
                for (int cut = first.indexOf('_'); cut > 0; cut = first.indexOf('_', cut + 1)) {
                    keys.add(first.substring(0, cut) + suffix);
                }
            }
        }
        return keys;
    }
}
