package dev.multiserver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven wrote into {@code version.properties} when it built the CLI. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {
            "multiserver " + properties.getProperty("version", "(unknown version)"),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") on "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        };
    }
}
