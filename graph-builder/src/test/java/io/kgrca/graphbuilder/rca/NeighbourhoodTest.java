package io.kgrca.graphbuilder.rca;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NeighbourhoodTest {

    private static Neighbourhood.Neighbour pod(String id) {
        return new Neighbourhood.Neighbour(id, false);
    }

    private static Neighbourhood.Neighbour node(String id) {
        return new Neighbourhood.Neighbour(id, true);
    }

    /** svc selects p1 and p2; p1 and p3 run on n1; p2 runs on n2. */
    private Neighbourhood topology() {
        Neighbourhood t = new Neighbourhood();
        t.add("svc", List.of(pod("p1"), pod("p2")));
        t.add("p1", List.of(pod("svc"), node("n1")));
        t.add("p2", List.of(pod("svc"), node("n2")));
        t.add("p3", List.of(node("n1")));
        t.add("n1", List.of(pod("p1"), pod("p3")));
        t.add("n2", List.of(pod("p2")));
        return t;
    }

    @Test
    void theStartIsAtDistanceZero() {
        assertThat(topology().from("p1", 3)).containsEntry("p1", new Neighbourhood.Distance(0, 0));
    }

    @Test
    void podsThatOnlyShareANodeHaveNoDirectDistance() {
        Map<String, Neighbourhood.Distance> d = topology().from("p1", 3);

        assertThat(d.get("p3")).isEqualTo(new Neighbourhood.Distance(2, null));
        assertThat(d.get("n1")).as("a node may end a direct path").isEqualTo(new Neighbourhood.Distance(1, 1));
        assertThat(d.get("p2")).isEqualTo(new Neighbourhood.Distance(2, 2));
    }

    @Test
    void aStartThatIsANodeReachesItsPodsDirectly() {
        Neighbourhood t = topology();
        t.markNode("n1");

        assertThat(t.from("n1", 3).get("p3")).isEqualTo(new Neighbourhood.Distance(1, 1));
        assertThat(t.from("n1", 3).get("svc")).isEqualTo(new Neighbourhood.Distance(2, 2));
    }

    @Test
    void nothingBeyondTheHopLimitIsReached() {
        Map<String, Neighbourhood.Distance> d = topology().from("p3", 2);

        assertThat(d).containsOnlyKeys("p3", "n1", "p1");
        assertThat(d.get("p1").direct()).isNull();
    }
}
