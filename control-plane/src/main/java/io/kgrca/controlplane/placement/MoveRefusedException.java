package io.kgrca.controlplane.placement;

/** A move that cannot happen now: the tenant is placed nowhere, or its previous move is not complete. */
public final class MoveRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Refuses with {@code message}, shown to the operator. */
    public MoveRefusedException(String message) {
        super(message);
    }
}
