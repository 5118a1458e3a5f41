package dev.nsunit.it;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.model.HostConfig;

/**
 * A {@link HostConfig} that also sends empty {@code MaskedPaths} and {@code ReadonlyPaths}: what the Docker CLI sends
 * for {@code --security-opt systempaths=unconfined}. docker-java has no field for them, and the daemon rejects that
 * security option when it comes through the API; but the daemon takes the two lists, and Jackson serializes this
 * subclass's extra properties along with the rest.
 */
class UnmaskedHostConfig extends HostConfig {

    private static final long serialVersionUID = 1L;

    @JsonProperty("MaskedPaths")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<String> getMaskedPaths() {
        return List.of();
    }

    @JsonProperty("ReadonlyPaths")
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<String> getReadonlyPaths() {
        return List.of();
    }
}
