package dev.gatehouse.registry.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSpecTest {

    @Test
    void theDefaultPrefixIsTheSlugInToolNameCharacters() {
        assertThat(ServerSpec.derivePrefix("github-mcp")).isEqualTo("github_mcp_");
        assertThat(ServerSpec.derivePrefix("a1")).isEqualTo("a1_");
        String longest = "a-".repeat(31) + "b";
        assertThat(ServerSpec.PREFIX.matcher(ServerSpec.derivePrefix(longest)).matches()).isTrue();
    }
}
