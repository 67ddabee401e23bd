package org.imagedownloader.fetch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * With {@code downloader.block-private-networks} on, refuses to connect to loopback, private,
 * link-local, multicast and unspecified addresses. It sits in the connection manager's DNS step, so it
 * judges the address actually connected to, for the first URL and for every redirect hop alike.
 */
public final class AddressGuard implements DnsResolver {

    /** A URL that resolves somewhere we were told never to go: its item ends invalid. */
    static final class BlockedAddressException extends UnknownHostException {
        BlockedAddressException(String host, InetAddress address) {
            super(host + " resolves to " + address.getHostAddress()
                    + ", a private or local address (downloader.block-private-networks)");
        }
    }

    private final DnsResolver dns;
    private final boolean blockPrivate;

    AddressGuard(DnsResolver dns, boolean blockPrivate) {
        this.dns = dns;
        this.blockPrivate = blockPrivate;
    }

    public AddressGuard(boolean blockPrivate) {
        this(SystemDefaultDnsResolver.INSTANCE, blockPrivate);
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = dns.resolve(host);
        if (blockPrivate) {
            for (InetAddress address : addresses) {
                if (isPrivate(address)) {
                    throw new BlockedAddressException(host, address);
                }
            }
        }
        return addresses;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return dns.resolveCanonicalHostname(host);
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || a.isMulticastAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet6Address) {
            return (b[0] & 0xFE) == 0xFC; // fc00::/7, unique local addresses
        }
        int first = b[0] & 0xFF;
        int second = b[1] & 0xFF;
        return first == 0 // "this network"
                || first == 100 && second >= 64 && second < 128 // carrier-grade NAT, 100.64/10
                || first >= 240; // reserved and broadcast
    }
}
