package io.kgrca.common.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Where open endpoints (health, metrics) may listen: loopback addresses only. */
public final class BindAddress {

    private BindAddress() {
    }

    /** True when {@code address} (a literal or a name resolved locally, such as {@code localhost}) is loopback. */
    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
