package io.pocket.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java example compiles as written against the client artifact alone. */
class ReadmeExampleTest
{
    @TempDir
    Path dir;

    @Test
    void theReadmesJavaExampleCompiles() throws IOException
    {
        final Path readme = Path.of("../README.md").toAbsolutePath().normalize();
        final String text = Files.readString(readme, StandardCharsets.UTF_8);
        final int start = text.indexOf("```java\n");
        assertTrue(start >= 0, "no java block in " + readme);
        final String source = text.substring(start + "```java\n".length(), text.indexOf("```", start + 8));
        final int classAt = source.indexOf("public class ");
        assertTrue(classAt >= 0, "the example is a whole class:\n" + source);
        final String className = source.substring(classAt + 13).split("\\s")[0];
        final Path file = Files.writeString(dir.resolve(className + ".java"), source);

        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final int status = compiler.run(null, null, errors, "-d", dir.toString(),
            "-cp", Path.of("target/classes").toAbsolutePath().toString(), file.toString());
        assertEquals(0, status, () -> "the README's example does not compile:\n" + errors.toString(StandardCharsets.UTF_8));
    }
}
