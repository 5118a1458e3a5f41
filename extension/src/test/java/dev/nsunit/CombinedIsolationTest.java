package dev.nsunit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.nsunit.support.Fixtures;
import dev.nsunit.support.HostUnchanged;
import dev.nsunit.support.InsideView;
import dev.nsunit.support.NeedsNamespaces;

/** Every type at once, created in one step for one child; as root, with and without a user namespace. */
@NeedsNamespaces
@ExtendWith(HostUnchanged.class)
class CombinedIsolationTest {

    @Test
    void everyTypeAtOnce() {
        Fixtures.run(AllTypes.class).testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
    }

    @Test
    void everyTypeAtOnceInsideAUserNamespace() {
        // The subclass inherits the class annotations and the test, and adds a test of its own.
        Fixtures.run(AllTypesWithUser.class).testEvents().assertStatistics(stats -> stats.succeeded(2).failed(0));
    }

    @IsolatedUts(hostname = "all")
    @IsolatedMount(tmpfs = "/srv")
    @IsolatedNetwork
    @IsolatedIpc
    @IsolatedPid
    static class AllTypes {
        @Test
        void seesEveryNamespace() throws Exception {
            InsideView.hostnameIs("all");
            InsideView.isEmptyTmpfs("/srv");
            InsideView.onlyLoopbackIsUp();
            InsideView.noSystemVObjects();
            InsideView.isProcessOneSeeingOnlyItself();
        }
    }

    @IsolatedUser
    static class AllTypesWithUser extends AllTypes {
        @Test
        void isRootMappedFromRoot() throws Exception {
            InsideView.isRootMappedFrom("0");
        }
    }
}
