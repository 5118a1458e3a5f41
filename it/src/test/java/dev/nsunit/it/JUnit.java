package dev.nsunit.it;

/**
 * The JUnit major versions the samples are run on, each by its own console launcher jar (which holds that
 * version's Platform and Jupiter). The samples and the extension are compiled against JUnit 5.
 */
enum JUnit {
    FIVE("junit5"),
    SIX("junit6");

    /** The folder of the samples class path that holds this version's console launcher. */
    final String folder;

    JUnit(String folder) {
        this.folder = folder;
    }
}
