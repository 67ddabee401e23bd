package org.imagedownloader.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "0.0.0.0", "224.0.0.1", "100.64.0.1", "255.255.255.255", "::1", "fe80::1",
            "fc00::1", "fd12:3456::1", "ff02::1", "::"})
    void privateLocalAndMulticastAddressesAreBlocked(String ip) throws Exception {
        assertThat(AddressGuard.isPrivate(InetAddress.getByName(ip))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111"})
    void publicAddressesPass(String ip) throws Exception {
        assertThat(AddressGuard.isPrivate(InetAddress.getByName(ip))).isFalse();
    }

    /** A resolver that answers every name with fixed addresses. */
    private static DnsResolver fixed(String... ips) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] out = new InetAddress[ips.length];
                for (int i = 0; i < ips.length; i++) {
                    out[i] = InetAddress.getByName(ips[i]);
                }
                return out;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    @Test
    void theGuardJudgesWhatANameResolvesTo() throws Exception {
        AddressGuard on = new AddressGuard(fixed("93.184.216.34", "10.0.0.1"), true);
        assertThatThrownBy(() -> on.resolve("sneaky.example")).isInstanceOf(AddressGuard.BlockedAddressException.class)
                .hasMessageContaining("sneaky.example resolves to 10.0.0.1");

        AddressGuard off = new AddressGuard(fixed("10.0.0.1"), false);
        assertThat(off.resolve("internal.example")).hasSize(1);
    }
}
