package dev.gatehouse.registry.service;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressPolicyTest {

    private static boolean contains(String cidr, String address) throws Exception {
        return AddressPolicy.Cidr.parse(cidr).contains(InetAddress.getByName(address));
    }

    @Test
    void matchesAddressesInsideTheRangeOnly() throws Exception {
        assertThat(contains("169.254.0.0/16", "169.254.169.254")).isTrue();
        assertThat(contains("169.254.0.0/16", "169.255.0.1")).isFalse();
        assertThat(contains("169.254.169.254/32", "169.254.169.254")).isTrue();
        assertThat(contains("169.254.169.254", "169.254.169.253")).isFalse();
        assertThat(contains("fe80::/10", "fe80::1")).isTrue();
        assertThat(contains("fe80::/10", "febf::1")).isTrue();
        assertThat(contains("fe80::/10", "fec0::1")).isFalse();
        assertThat(contains("10.0.0.0/8", "::1")).isFalse();
        assertThat(contains("0.0.0.0/0", "8.8.8.8")).isTrue();
    }

    @Test
    void refusesNonsenseRanges() {
        assertThatThrownBy(() -> AddressPolicy.Cidr.parse("10.0.0.0/33")).hasMessageContaining("not an address range");
        assertThatThrownBy(() -> AddressPolicy.Cidr.parse("10.0.0.0/x")).hasMessageContaining("not an address range");
    }
}
