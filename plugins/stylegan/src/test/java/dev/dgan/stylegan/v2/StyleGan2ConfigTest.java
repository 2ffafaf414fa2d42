package dev.dgan.stylegan.v2;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The three config JSON layouts and the kwargs map give the same config; derived values. */
class StyleGan2ConfigTest {

    @Test
    void fixtureConfigWithGKwargs() {
        StyleGan2Config c = Fixture.config();
        assertEquals(64, c.zDim());
        assertEquals(0, c.cDim());
        assertEquals(8, c.mappingLayers());
        assertEquals(256.0, c.convClamp());
        assertEquals(4, c.numFp16Res());
        assertEquals("skip", c.architecture());
        assertEquals(0.01, c.lrMultiplier());
        assertArrayEquals(new double[] {1, 3, 3, 1}, c.resampleFilter());
        assertEquals(List.of(4, 8, 16, 32), c.blockResolutions());
        assertEquals(List.of(32, 32, 32, 16), c.blockResolutions().stream().map(c::channels).toList());
        assertEquals(8, c.numWs());
    }

    @Test
    void initKwargsBareAndMapAgree() {
        String kwargs = "{\"z_dim\": 64, \"c_dim\": 0, \"w_dim\": 64, \"img_resolution\": 32, \"img_channels\": 3,"
                + " \"mapping_kwargs\": {\"num_layers\": 2},"
                + " \"synthesis_kwargs\": {\"channel_base\": 512, \"channel_max\": 64, \"num_fp16_res\": 0, \"conv_clamp\": null}}";
        StyleGan2Config wrapped = StyleGan2Config.fromJson("{\"class_name\": \"training.networks.Generator\", \"init_kwargs\": " + kwargs + "}");
        StyleGan2Config bare = StyleGan2Config.fromJson(kwargs);
        StyleGan2Config fromMap = StyleGan2Config.fromKwargs(Map.of("z_dim", 64, "w_dim", 64, "img_resolution", 32,
                "mapping_kwargs", Map.of("num_layers", 2),
                "synthesis_kwargs", Map.of("channel_base", 512, "channel_max", 64, "num_fp16_res", 0)));
        assertEquals(wrapped, bare);
        assertEquals(bare, fromMap);
        assertNull(bare.convClamp());
        assertEquals(List.of(64, 64, 32, 16), bare.blockResolutions().stream().map(bare::channels).toList());
        assertEquals(bare, StyleGan2Config.fromKwargs(bare.toKwargs()));
        assertEquals(18, StyleGan2Config.of(512, 512, 1024, 8, 32768, 512, 256.0).numWs());
    }
}
