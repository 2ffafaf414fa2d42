package dev.dgan.runtime;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbiFeaturesTest {

    @Test
    void aReleaseWithEverySymbolTakesNoFallback() {
        AbiFeatures all = new AbiFeatures(LibTorch.abi(2, 13, 0), Set.of());
        assertTrue(all.errorText() && all.stableBoxes() && all.generatorHandles());
        assertTrue(all.describe().stream().allMatch(l -> l.endsWith(": present")), all.describe().toString());
    }

    @Test
    void eachMissingSymbolIsNamedWithTheVersionAndItsFallback() {
        AbiFeatures old = new AbiFeatures(LibTorch.abi(2, 10, 0), Set.of(AbiFeatures.NEW_BOX, AbiFeatures.NEW_GENERATOR));
        assertTrue(old.errorText());
        assertFalse(old.stableBoxes(), "one box symbol missing switches boxes to the fallback");
        assertFalse(old.generatorHandles());
        assertEquals(5, old.describe().size());
        assertTrue(old.describe().contains(AbiFeatures.NEW_BOX + ": missing in 2.10.0; " + AbiFeatures.FALLBACKS.get(AbiFeatures.NEW_BOX)));
    }

    @Test
    void theLoadedLibraryReportsWhatItHas() {
        AbiFeatures loaded = LibTorch.get().features();
        assertEquals(LibTorch.get().abiVersion(), loaded.abiVersion());
        // the stable ABI gained all five together in 2.13
        boolean expectAll = LibTorch.get().abiVersion() >= LibTorch.abi(2, 13, 0);
        assertEquals(expectAll, loaded.errorText() && loaded.stableBoxes() && loaded.generatorHandles());
    }
}
