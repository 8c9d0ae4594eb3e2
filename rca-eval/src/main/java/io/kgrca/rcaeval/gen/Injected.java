package io.kgrca.rcaeval.gen;

import io.kgrca.rcaeval.corpus.Matcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What an injector did: the cause it injected (and what else counts as it) and the resources that show symptoms. */
final class Injected {

    Matcher root;
    final List<Matcher> alternatives = new ArrayList<>();
    final Set<String> affected = new LinkedHashSet<>();

    Injected root(Matcher m) {
        this.root = m;
        affected.add(m.resource());
        return this;
    }

    Injected alt(Matcher m) {
        alternatives.add(m);
        return this;
    }

    static String pod(Cluster.Service s, Cluster.Pod p) {
        return "pod/" + s.ns + "/" + p.name;
    }
}
