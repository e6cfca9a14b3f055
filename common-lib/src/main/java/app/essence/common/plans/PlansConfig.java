package app.essence.common.plans;

import io.smallrye.config.ConfigMapping;

/** The numbers of each plan; defaults in common-lib's microprofile-config.properties, overridable per deployment. */
@ConfigMapping(prefix = "essence.plans")
public interface PlansConfig {
    Allowances free();

    Allowances essential();

    Allowances familyArchive();

    interface Allowances {
        int profiles();

        int messagesPerMonth();

        boolean audioDownload();

        boolean archiveExport();
    }
}
