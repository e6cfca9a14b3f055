package app.essence.voiceengine.http;

import java.io.IOException;

@FunctionalInterface
public interface Endpoint {
    void handle(Call call) throws IOException;
}
