package io.poolpilot.daemon.console;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The idle timeout's view of a viewer: keys, pointer and clipboard are a person; update requests are not. */
class ViewerInputTest {

    private static Buffer bytes(int... values) {
        Buffer b = Buffer.buffer();
        for (int v : values) {
            b.appendByte((byte) v);
        }
        return b;
    }

    private static ViewerInput afterHandshake(String version) {
        ViewerInput input = new ViewerInput();
        assertThat(input.offer(Buffer.buffer(version))).isFalse();
        if (!version.startsWith("RFB 003.003")) {
            assertThat(input.offer(bytes(1))).isFalse();
        }
        assertThat(input.offer(bytes(1))).isFalse();
        Buffer pixelFormat = bytes(0, 0, 0, 0).appendBytes(new byte[16]);
        assertThat(input.offer(pixelFormat)).isFalse();
        assertThat(input.offer(bytes(2, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1))).isFalse();
        return input;
    }

    @Test
    void updateRequestsAreNotInputButKeysPointerAndClipboardAre() {
        ViewerInput input = afterHandshake("RFB 003.008\n");
        assertThat(input.offer(bytes(3, 1, 0, 0, 0, 0, 2, 128, 1, 224))).isFalse();
        assertThat(input.offer(bytes(4, 1, 0, 0, 0, 0, 0, 0x61))).isTrue();
        assertThat(input.offer(bytes(3, 1, 0, 0, 0, 0, 2, 128, 1, 224))).isFalse();
        assertThat(input.offer(bytes(5, 0, 0, 10, 0, 20))).isTrue();
        assertThat(input.offer(bytes(6, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'))).isTrue();
        assertThat(input.offer(bytes(3, 1, 0, 0, 0, 0, 2, 128, 1, 224))).isFalse();
    }

    @Test
    void messagesSplitAcrossFramesAreFollowed() {
        ViewerInput input = afterHandshake("RFB 003.003\n");
        assertThat(input.offer(bytes(3, 1, 0, 0, 0))).isFalse();
        assertThat(input.offer(bytes(0, 2, 128, 1, 224, 4, 1, 0))).isFalse();
        assertThat(input.offer(bytes(0, 0, 0, 0, 0x62))).isTrue();
    }

    @Test
    void anUnknownMessageMakesEveryLaterByteCountAsInput() {
        ViewerInput input = afterHandshake("RFB 003.008\n");
        assertThat(input.offer(bytes(150, 1, 0, 0, 0, 0, 0, 0, 0, 0))).isTrue();
        assertThat(input.offer(bytes(3, 1, 0, 0, 0, 0, 2, 128, 1, 224))).isTrue();
    }
}
