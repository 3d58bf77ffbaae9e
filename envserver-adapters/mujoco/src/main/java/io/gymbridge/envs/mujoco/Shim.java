package io.gymbridge.envs.mujoco;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The C shim {@code gbmujoco.c} through JNA direct mapping (a call costs well under a microsecond).
 * Every function that can reach MuJoCo's error handler returns 0, or 1 with the message in {@link
 * #gb_last_error}; the shim traps the error, so it never ends the process.
 */
final class Shim {
    private Shim() {}

    /** Binds the native methods below to the compiled shim. */
    static void bind(NativeLibrary library) {
        Native.register(Shim.class, library);
    }

    static native int gb_init(int[] headerVersion);

    static native String gb_last_error();

    static native String gb_last_warning();

    static native long gb_warning_count();

    static native int gb_load_xml(String path, PointerByReference model);

    static native int gb_make_data(Pointer model, PointerByReference data);

    static native void gb_delete(Pointer model, Pointer data);

    static native int gb_step(Pointer model, Pointer data, int n);

    static native int gb_step_rne(Pointer model, Pointer data, int n);

    static native int gb_forward(Pointer model, Pointer data);

    static native int gb_rne_post_constraint(Pointer model, Pointer data);

    static native int gb_reset_data(Pointer model, Pointer data);

    static native int gb_name2id(Pointer model, int type, String name);

    static native String gb_id2name(Pointer model, int type, int id);

    static native int gb_model_int(Pointer model, String name);

    static native Pointer gb_model_field(
            Pointer model, String name, int[] rows, int[] cols, int[] type);

    static native Pointer gb_data_field(
            Pointer model, Pointer data, String name, int[] rows, int[] cols, int[] type);

    static native Pointer gb_option_float(Pointer model, String name);

    static native Pointer gb_time(Pointer data);

    static native int gb_data_warning(Pointer data, int i);

    static native int gb_nwarning();

    static native long gb_warning_total(Pointer data);

    /** The C library's {@code sin}, as NumPy's float64 {@code np.sin} calls it. */
    static native double gb_sin(double x);

    /** The C library's {@code cos}, as NumPy's float64 {@code np.cos} calls it. */
    static native double gb_cos(double x);

    /** The C library's {@code pow}, as a float64 scalar's {@code **} calls it. */
    static native double gb_pow(double x, double y);

    static native double gb_stat_extent(Pointer model);

    // Offscreen rendering: every gb_renderer_* call for one renderer on the thread that made it.

    static native int gb_renderer_new(
            Pointer model, int width, int height, int maxGeom, PointerByReference renderer);

    static native void gb_renderer_free(Pointer renderer);

    static native void gb_renderer_get_camera(Pointer renderer, int[] ids, double[] pose);

    static native void gb_renderer_set_camera(Pointer renderer, int[] ids, double[] pose);

    static native int gb_renderer_render(
            Pointer renderer, Pointer model, Pointer data, Pointer rgb);
}
