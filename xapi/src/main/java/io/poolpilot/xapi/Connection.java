package io.poolpilot.xapi;

import io.poolpilot.xapi.transport.JsonRpcChannel;
import io.poolpilot.xapi.transport.RpcChannel;
import io.poolpilot.xapi.transport.XmlRpcChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

/** One logged-in (or, during login, anonymous) channel to one host, and which login made it. */
record Connection(RpcChannel channel, String sessionRef, long generation) {

    static Connection open(URI url, HttpClient http, XapiEndpoint endpoint, String sessionRef, long generation) {
        RpcChannel channel = switch (endpoint.transport()) {
            case XML_RPC -> XmlRpcChannel.open(url, http, endpoint);
            case JSON_RPC -> JsonRpcChannel.open(url, http, endpoint);
        };
        return new Connection(channel, sessionRef, generation);
    }

    URI url() {
        return channel.url();
    }

    Connection withSessionRef(String ref) {
        return new Connection(channel, ref, generation);
    }

    Object execute(Duration replyTimeout, String method, Object[] args) {
        return channel.call(replyTimeout, method, args);
    }

    @Override
    public String toString() {
        return "Connection[url=" + url() + ", generation=" + generation + "]";
    }
}
