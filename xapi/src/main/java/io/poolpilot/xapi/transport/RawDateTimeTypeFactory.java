package io.poolpilot.xapi.transport;

import org.apache.ws.commons.util.NamespaceContextImpl;
import org.apache.xmlrpc.common.TypeFactoryImpl;
import org.apache.xmlrpc.common.XmlRpcController;
import org.apache.xmlrpc.common.XmlRpcStreamConfig;
import org.apache.xmlrpc.parser.AtomicParser;
import org.apache.xmlrpc.parser.TypeParser;
import org.apache.xmlrpc.serializer.DateSerializer;

/**
 * Apache XML-RPC's type factory, except that {@code dateTime.iso8601} values are handed on as
 * their text: Apache's own parser rejects the dashed forms some XAPI peers write and fails the
 * whole response, whereas {@link io.poolpilot.xapi.wire.XapiCodec#dateTime} accepts them all.
 */
public final class RawDateTimeTypeFactory extends TypeFactoryImpl {

    public RawDateTimeTypeFactory(XmlRpcController controller) {
        super(controller);
    }

    @Override
    public TypeParser getParser(XmlRpcStreamConfig config, NamespaceContextImpl context, String uri, String localName) {
        if ("".equals(uri) && DateSerializer.DATE_TAG.equals(localName)) {
            return new AtomicParser() {
                @Override
                protected void setResult(String text) {
                    super.setResult((Object) text.strip());
                }
            };
        }
        return super.getParser(config, context, uri, localName);
    }
}
