package dev.gatehouse.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SettingsTest {

    @Test
    void argumentsOverrideDefaultsAndEveryReadSettingIsRecorded() {
        Settings settings = Settings.parse("--s1.rate=250", "--scenarios=1, 3");
        assertEquals(250.0, settings.decimal("s1.rate", 500));
        assertEquals(1_000_000L, settings.longValue("s5.events", 1_000_000));
        assertEquals(List.of("1", "3"), settings.list("scenarios", "1,2"));
        assertEquals("250", settings.used().get("s1.rate"));
        assertEquals("1000000", settings.used().get("s5.events"));
    }

    @Test
    void refusesAnArgumentThatIsNotKeyEqualsValue() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Settings.parse("--rate"));
        assertEquals("expected --key=value, got --rate", error.getMessage());
    }
}
