package dev.dgan.vqgan;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every tensor a VQModel part or a minGPT reads, by state-dict name (no prefix), with its shape. */
final class WeightShapes {

    private WeightShapes() {}

    /** The decode side: codebook, post_quant_conv, decoder. */
    static Map<String, long[]> decoder(VqConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put("quantize.embedding.weight", new long[] {c.nEmbed(), c.embedDim()});
        conv(m, "post_quant_conv", c.zChannels(), c.embedDim(), 1);
        int bottom = c.bottomChannels();
        conv(m, "decoder.conv_in", bottom, c.zChannels(), 3);
        mid(m, "decoder.mid", bottom);
        int ch = bottom;
        for (VqConfig.UpLevel level : c.upLevels()) {
            for (int b = 0; b < level.blocks().size(); b++) {
                VqConfig.Block block = level.blocks().get(b);
                resnet(m, block);
                if (block.attention()) attn(m, "decoder.up." + level.level() + ".attn." + b, block.out());
                ch = block.out();
            }
            if (level.upsample()) conv(m, "decoder.up." + level.level() + ".upsample.conv", ch, ch, 3);
        }
        norm(m, "decoder.norm_out", ch);
        conv(m, "decoder.conv_out", c.outChannels(), ch, 3);
        return m;
    }

    /** The encode side: encoder and quant_conv. */
    static Map<String, long[]> encoder(VqConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        conv(m, "encoder.conv_in", c.ch(), c.inChannels(), 3);
        int ch = c.ch();
        for (VqConfig.DownLevel level : c.downLevels()) {
            for (int b = 0; b < level.blocks().size(); b++) {
                VqConfig.Block block = level.blocks().get(b);
                resnet(m, block);
                if (block.attention()) attn(m, "encoder.down." + level.level() + ".attn." + b, block.out());
                ch = block.out();
            }
            if (level.downsample()) conv(m, "encoder.down." + level.level() + ".downsample.conv", ch, ch, 3);
        }
        mid(m, "encoder.mid", ch);
        norm(m, "encoder.norm_out", ch);
        conv(m, "encoder.conv_out", c.encoderOutChannels(), ch, 3);
        conv(m, "quant_conv", c.embedDim(), c.zChannels(), 1);
        return m;
    }

    /** A minGPT (the attention masks are buffers the forward rebuilds, so they are not read). */
    static Map<String, long[]> gpt(GptConfig g) {
        Map<String, long[]> m = new LinkedHashMap<>();
        int d = g.nEmbd();
        m.put("tok_emb.weight", new long[] {g.vocabSize(), d});
        m.put("pos_emb", new long[] {1, g.blockSize(), d});
        for (int i = 0; i < g.nLayer(); i++) {
            String p = "blocks." + i;
            layerNorm(m, p + ".ln1", d);
            layerNorm(m, p + ".ln2", d);
            for (String s : new String[] {"key", "query", "value", "proj"}) linear(m, p + ".attn." + s, d, d);
            linear(m, p + ".mlp.0", g.mlpHidden(), d);
            linear(m, p + ".mlp.2", d, g.mlpHidden());
        }
        layerNorm(m, "ln_f", d);
        m.put("head.weight", new long[] {g.vocabSize(), d});
        return m;
    }

    private static void mid(Map<String, long[]> m, String p, int ch) {
        resnet(m, new VqConfig.Block(p + ".block_1", ch, ch, 0, false));
        attn(m, p + ".attn_1", ch);
        resnet(m, new VqConfig.Block(p + ".block_2", ch, ch, 0, false));
    }

    private static void resnet(Map<String, long[]> m, VqConfig.Block b) {
        norm(m, b.name() + ".norm1", b.in());
        conv(m, b.name() + ".conv1", b.out(), b.in(), 3);
        norm(m, b.name() + ".norm2", b.out());
        conv(m, b.name() + ".conv2", b.out(), b.out(), 3);
        if (b.shortcut()) conv(m, b.name() + ".nin_shortcut", b.out(), b.in(), 1);
    }

    private static void attn(Map<String, long[]> m, String p, int ch) {
        norm(m, p + ".norm", ch);
        for (String s : new String[] {"q", "k", "v", "proj_out"}) conv(m, p + "." + s, ch, ch, 1);
    }

    private static void norm(Map<String, long[]> m, String p, int ch) {
        m.put(p + ".weight", new long[] {ch});
        m.put(p + ".bias", new long[] {ch});
    }

    private static void layerNorm(Map<String, long[]> m, String p, int ch) {
        norm(m, p, ch);
    }

    private static void conv(Map<String, long[]> m, String p, int out, int in, int k) {
        m.put(p + ".weight", new long[] {out, in, k, k});
        m.put(p + ".bias", new long[] {out});
    }

    private static void linear(Map<String, long[]> m, String p, int out, int in) {
        m.put(p + ".weight", new long[] {out, in});
        m.put(p + ".bias", new long[] {out});
    }
}
