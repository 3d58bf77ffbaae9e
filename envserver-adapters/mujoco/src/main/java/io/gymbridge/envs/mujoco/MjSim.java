package io.gymbridge.envs.mujoco;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.gymbridge.env.EnvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * One MuJoCo model with its simulation state: {@code mjModel} and {@code mjData}, as Gymnasium's
 * {@code MujocoEnv} holds {@code self.model} and {@code self.data}. Arrays of either are read and
 * written by MuJoCo's own field names ({@code qpos}, {@code xpos}, {@code actuator_ctrlrange}...).
 *
 * <p>Errors: a model that does not load is INVALID_ARGUMENT with the MJCF compiler's message; an
 * error inside MuJoCo while stepping (a stack overflow, say) is INTERNAL with MuJoCo's message, and
 * leaves the state to be reset ({@link #resetData}); warnings (an unstable simulation, which MuJoCo
 * answers by resetting the state) are counted and logged, never printed by MuJoCo. Not thread-safe:
 * one thread at a time, as an env.
 */
public final class MjSim implements AutoCloseable {
    private static final Logger log = Logger.getLogger(MjSim.class.getName());

    /** MuJoCo's object types for {@link #id}: {@code mjOBJ_BODY} and friends. */
    public enum ObjType {
        BODY(1),
        JOINT(3),
        GEOM(5),
        SITE(6),
        CAMERA(7),
        ACTUATOR(19),
        SENSOR(20);

        final int code;

        ObjType(int code) {
            this.code = code;
        }
    }

    private final String name;
    private final Path path;
    private Pointer model;
    private Pointer data;
    private final int nq;
    private final int nv;
    private final int nu;
    private final Pointer qpos;
    private final Pointer qvel;
    private final Pointer ctrl;
    private final Pointer time;
    private long warningsSeen;

    private MjSim(Path path, Pointer model, Pointer data) {
        this.path = path;
        this.name = path.getFileName().toString();
        this.model = model;
        this.data = data;
        this.nq = modelInt("nq");
        this.nv = modelInt("nv");
        this.nu = modelInt("nu");
        this.qpos = dataField("qpos").pointer();
        this.qvel = dataField("qvel").pointer();
        this.ctrl = dataField("ctrl").pointer();
        this.time = Shim.gb_time(data);
        this.warningsSeen = warningCount();
    }

    /**
     * Loads an MJCF (or URDF) file.
     *
     * @throws EnvException INVALID_ARGUMENT if it is missing or does not compile (MuJoCo's
     *     message), FAILED_PRECONDITION if MuJoCo is not installed
     */
    public static MjSim load(Path file) {
        MujocoLibrary.get();
        if (!Files.isRegularFile(file)) {
            throw EnvException.invalidArgument("no MuJoCo model file " + file);
        }
        PointerByReference m = new PointerByReference();
        if (Shim.gb_load_xml(file.toString(), m) != 0) {
            throw EnvException.invalidArgument(
                    "MuJoCo cannot load " + file + ": " + Shim.gb_last_error());
        }
        PointerByReference d = new PointerByReference();
        if (Shim.gb_make_data(m.getValue(), d) != 0) {
            String why = Shim.gb_last_error();
            Shim.gb_delete(m.getValue(), null);
            throw new EnvException(EnvException.Code.INTERNAL, "MuJoCo: " + why);
        }
        return new MjSim(file, m.getValue(), d.getValue());
    }

    /** A scalar size of the model ({@code nq}, {@code nbody}, ...). */
    public int modelInt(String field) {
        int v = Shim.gb_model_int(live(), field);
        if (v < 0) {
            throw new IllegalArgumentException("mjModel has no size " + field);
        }
        return v;
    }

    /** An array of mjModel ({@code body_mass}, {@code actuator_ctrlrange}, ...). */
    public MjArray modelField(String field) {
        int[] rows = new int[1];
        int[] cols = new int[1];
        int[] type = new int[1];
        Pointer p = Shim.gb_model_field(live(), field, rows, cols, type);
        if (p == null && rows[0] == 0) {
            return new MjArray(field, null, 0, cols[0], type[0]);
        }
        if (p == null) {
            throw new IllegalArgumentException("mjModel has no array " + field);
        }
        return new MjArray(field, p, rows[0], cols[0], type[0]);
    }

    /** An array of mjData ({@code qpos}, {@code xpos}, {@code cfrc_ext}, ...). */
    public MjArray dataField(String field) {
        int[] rows = new int[1];
        int[] cols = new int[1];
        int[] type = new int[1];
        Pointer p = Shim.gb_data_field(live(), data, field, rows, cols, type);
        if (p == null && rows[0] == 0) {
            return new MjArray(field, null, 0, cols[0], type[0]);
        }
        if (p == null) {
            throw new IllegalArgumentException("mjData has no array " + field);
        }
        return new MjArray(field, p, rows[0], cols[0], type[0]);
    }

    /** The id of the named object, or -1. */
    public int id(ObjType type, String objName) {
        return Shim.gb_name2id(live(), type.code, objName);
    }

    /** The size of the model's world, {@code stat.extent}: the free camera's distance. */
    public double extent() {
        return Shim.gb_stat_extent(live());
    }

    /** The mjModel, for the renderer. */
    Pointer modelPointer() {
        return live();
    }

    /** The mjData, for the renderer. */
    Pointer dataPointer() {
        live();
        return data;
    }

    /** The name of object {@code objId}, or null if it has none. */
    public String objectName(ObjType type, int objId) {
        return Shim.gb_id2name(live(), type.code, objId);
    }

    /** The simulation time step, {@code opt.timestep}. */
    public double timestep() {
        return Shim.gb_option_float(live(), "timestep").getDouble(0);
    }

    public int nq() {
        return nq;
    }

    public int nv() {
        return nv;
    }

    public int nu() {
        return nu;
    }

    /** The model file's name, for messages. */
    public String name() {
        return name;
    }

    /** The model file this simulation was loaded from. */
    public Path path() {
        return path;
    }

    public double[] qpos() {
        return qpos.getDoubleArray(0, nq);
    }

    public double[] qvel() {
        return qvel.getDoubleArray(0, nv);
    }

    /** {@code qpos[i]} without copying the rest. */
    public double qpos(int i) {
        return qpos.getDouble(8L * i);
    }

    public double time() {
        return time.getDouble(0);
    }

    public void setTime(double t) {
        time.setDouble(0, t);
    }

    /** Writes qpos and qvel (no forward pass: see {@link #setState}). */
    public void setQposQvel(double[] newQpos, double[] newQvel) {
        checkLength("qpos", newQpos, nq);
        checkLength("qvel", newQvel, nv);
        qpos.write(0, newQpos, 0, nq);
        qvel.write(0, newQvel, 0, nv);
    }

    /**
     * Gymnasium's {@code set_state}: writes qpos and qvel, then {@code mj_forward} (which, among
     * other things, normalises free-joint quaternions in qpos).
     */
    public void setState(double[] newQpos, double[] newQvel) {
        setQposQvel(newQpos, newQvel);
        forward();
    }

    /**
     * Gymnasium's {@code _step_mujoco_simulation}: ctrl, {@code mj_step} n times, then {@code
     * mj_rnePostConstraint} (to fill cfrc_ext).
     *
     * @throws EnvException INTERNAL with MuJoCo's message if MuJoCo fails
     */
    public void step(double[] newCtrl, int n) {
        checkLength("ctrl", newCtrl, nu);
        ctrl.write(0, newCtrl, 0, nu);
        check(Shim.gb_step_rne(live(), data, n), "mj_step");
    }

    /** {@code mj_forward}. */
    public void forward() {
        check(Shim.gb_forward(live(), data), "mj_forward");
    }

    /** {@code mj_resetData}: the model's default state (also after a MuJoCo error). */
    public void resetData() {
        check(Shim.gb_reset_data(live(), data), "mj_resetData");
    }

    /**
     * The MuJoCo warnings raised since the last call (one message per kind and call, as MuJoCo's
     * own handler would print them), logged as they come; empty when there were none.
     */
    public String takeWarnings() {
        long count = warningCount();
        if (count == warningsSeen) {
            return "";
        }
        warningsSeen = count;
        // the text of the last warning raised on this thread: the one that stepped this data
        String text = Shim.gb_last_warning();
        log.warning(() -> "MuJoCo (" + name + "): " + text);
        return text;
    }

    /** How many warnings MuJoCo raised on this data, of every kind (mjData.warning counters). */
    private long warningCount() {
        return Shim.gb_warning_total(data);
    }

    @Override
    public void close() {
        if (model != null) {
            Shim.gb_delete(model, data);
            model = null;
            data = null;
        }
    }

    private Pointer live() {
        if (model == null) {
            throw EnvException.failedPrecondition("the MuJoCo model " + name + " is closed");
        }
        return model;
    }

    private void check(int status, String what) {
        if (status != 0) {
            throw new EnvException(
                    EnvException.Code.INTERNAL,
                    "MuJoCo error in "
                            + what
                            + " ("
                            + name
                            + "): "
                            + Shim.gb_last_error()
                            + "; reset the env to go on");
        }
    }

    private static void checkLength(String what, double[] values, int n) {
        if (values.length != n) {
            throw EnvException.invalidArgument(
                    what + " needs " + n + " values, got " + values.length);
        }
    }

    /**
     * A MuJoCo array: {@code rows x cols} elements of {@code type} (0 double, 1 int, 2 float, 3
     * byte) at {@code pointer}, live while its simulation is.
     */
    public record MjArray(String field, Pointer pointer, int rows, int cols, int type) {
        /** The number of elements. */
        public int size() {
            return rows * cols;
        }

        /** The elements as doubles (ints and floats widened). */
        public double[] toDoubles() {
            int n = size();
            if (n == 0) {
                return new double[0];
            }
            return switch (type) {
                case 0 -> pointer.getDoubleArray(0, n);
                case 1 -> {
                    int[] v = pointer.getIntArray(0, n);
                    double[] out = new double[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = v[i];
                    }
                    yield out;
                }
                case 2 -> {
                    float[] v = pointer.getFloatArray(0, n);
                    double[] out = new double[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = v[i];
                    }
                    yield out;
                }
                default -> throw new IllegalStateException(field + " is not numeric");
            };
        }

        /** Row {@code r} of a double array. */
        public double[] row(int r) {
            requireDouble();
            return pointer.getDoubleArray(8L * r * cols, cols);
        }

        /** Element {@code [r][c]} of a double array. */
        public double get(int r, int c) {
            requireDouble();
            return pointer.getDouble(8L * (r * cols + c));
        }

        /** Overwrites a double array. */
        public void set(double[] values) {
            requireDouble();
            if (values.length != size()) {
                throw EnvException.invalidArgument(
                        field + " needs " + size() + " values, got " + values.length);
            }
            if (values.length > 0) {
                pointer.write(0, values, 0, values.length);
            }
        }

        private void requireDouble() {
            if (type != 0) {
                throw new IllegalStateException(field + " is not an array of doubles");
            }
        }
    }
}
