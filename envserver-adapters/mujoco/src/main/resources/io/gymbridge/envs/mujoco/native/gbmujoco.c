// gymbridge's shim over libmujoco: a few stable C functions that Java calls through JNA.
//
// It is compiled on first use against the headers of the MuJoCo it binds (Debian's libmujoco-dev,
// or the include/ directory of an official release), so struct layouts, which change with every
// MuJoCo release, are the compiler's business and never Java's: fields are found by name through
// MuJoCo's own X-macro tables (mjxmacro.h).
//
// Errors: MuJoCo reports a fatal error through mju_user_error and, by default, prints it, waits
// for Enter on stdin and calls exit(1). Here every call into MuJoCo runs under setjmp, and the
// error handler longjmps back to it with the message kept per thread (gb_last_error), so a bad
// model, a stack overflow or a broken simulation becomes an error return, never a dead process.
// Warnings are kept per thread too (gb_warning_count, gb_last_warning) instead of being printed.

#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __thread jmp_buf* gb_jump = NULL;
static __thread char gb_error[1024];
static __thread char gb_warning[1024];
static __thread long gb_warnings = 0;

static void gb_copy(char* dst, const char* src) {
  strncpy(dst, src ? src : "", 1023);
  dst[1023] = '\0';
}

static void gb_on_error(const char* msg) {
  gb_copy(gb_error, msg);
  if (gb_jump != NULL) {
    longjmp(*gb_jump, 1);
  }
  // Only reachable if MuJoCo is called outside this shim: nothing safe is left to do.
  fprintf(stderr, "gymbridge: MuJoCo error outside a guarded call: %s\n", gb_error);
  abort();
}

static void gb_on_warning(const char* msg) {
  gb_copy(gb_warning, msg);
  gb_warnings++;
}

// Runs `body` with MuJoCo errors trapped: returns 0, or 1 with gb_last_error() set.
#define GB_GUARDED(body)                 \
  do {                                   \
    jmp_buf jb;                          \
    jmp_buf* outer = gb_jump;            \
    gb_error[0] = '\0';                  \
    gb_jump = &jb;                       \
    if (setjmp(jb) == 0) {               \
      body;                              \
      gb_jump = outer;                   \
      return 0;                          \
    }                                    \
    gb_jump = outer;                     \
    return 1;                            \
  } while (0)

// Installs the handlers; returns the library's version (mj_version) and the headers' in *header.
int gb_init(int* header) {
  mju_user_error = gb_on_error;
  mju_user_warning = gb_on_warning;
  *header = mjVERSION_HEADER;
  return mj_version();
}

const char* gb_last_error(void) { return gb_error; }

const char* gb_last_warning(void) { return gb_warning; }

long gb_warning_count(void) { return gb_warnings; }

// Loads an MJCF or URDF file; 0 with *out set, or 1 with the compiler's message in gb_last_error.
int gb_load_xml(const char* path, mjModel** out) {
  GB_GUARDED({
    char err[1000] = "";
    *out = mj_loadXML(path, NULL, err, sizeof(err));
    if (*out == NULL) {
      gb_copy(gb_error, err[0] ? err : "mj_loadXML failed");
      gb_jump = outer;
      return 1;
    }
  });
}

int gb_make_data(const mjModel* m, mjData** out) {
  GB_GUARDED({
    *out = mj_makeData(m);
    if (*out == NULL) {
      gb_copy(gb_error, "mj_makeData failed (out of memory?)");
      gb_jump = outer;
      return 1;
    }
  });
}

void gb_delete(mjModel* m, mjData* d) {
  if (d != NULL) mj_deleteData(d);
  if (m != NULL) mj_deleteModel(m);
}

int gb_step(const mjModel* m, mjData* d, int n) {
  GB_GUARDED({
    for (int i = 0; i < n; i++) mj_step(m, d);
  });
}

// Gymnasium's env step in one call: mj_step n times, then mj_rnePostConstraint (to fill cfrc_ext).
int gb_step_rne(const mjModel* m, mjData* d, int n) {
  GB_GUARDED({
    for (int i = 0; i < n; i++) mj_step(m, d);
    mj_rnePostConstraint(m, d);
  });
}

int gb_forward(const mjModel* m, mjData* d) { GB_GUARDED(mj_forward(m, d)); }

int gb_rne_post_constraint(const mjModel* m, mjData* d) {
  GB_GUARDED(mj_rnePostConstraint(m, d));
}

int gb_reset_data(const mjModel* m, mjData* d) { GB_GUARDED(mj_resetData(m, d)); }

int gb_name2id(const mjModel* m, int type, const char* name) { return mj_name2id(m, type, name); }

const char* gb_id2name(const mjModel* m, int type, int id) { return mj_id2name(m, type, id); }

// The element type of an X-macro field: 0 mjtNum (double), 1 int, 2 float, 3 byte, 4 other.
static int gb_type(const char* t) {
  if (strcmp(t, "mjtNum") == 0) return 0;
  if (strcmp(t, "int") == 0) return 1;
  if (strcmp(t, "float") == 0) return 2;
  if (strcmp(t, "mjtByte") == 0 || strcmp(t, "char") == 0) return 3;
  return 4;
}

// A scalar size of mjModel (nq, nv, nu, nbody, ...), or -1 for an unknown name.
int gb_model_int(const mjModel* m, const char* name) {
#define X(n) \
  if (strcmp(name, #n) == 0) return m->n;
  MJMODEL_INTS
#undef X
  return -1;
}

// An array of mjModel by name, with its rows, columns and element type; NULL if unknown.
void* gb_model_field(const mjModel* m, const char* name, int* rows, int* cols, int* type) {
  MJMODEL_POINTERS_PREAMBLE(m)
#define X(t, n, nr, nc)         \
  if (strcmp(name, #n) == 0) {  \
    *rows = m->nr;              \
    *cols = nc;                 \
    *type = gb_type(#t);        \
    return (void*)m->n;         \
  }
  MJMODEL_POINTERS
#undef X
  return NULL;
}

// An array of mjData by name, with its rows, columns and element type; NULL if unknown.
void* gb_data_field(const mjModel* m, mjData* d, const char* name, int* rows, int* cols,
                    int* type) {
  MJDATA_POINTERS_PREAMBLE(m)
#define X(t, n, nr, nc)         \
  if (strcmp(name, #n) == 0) {  \
    *rows = m->nr;              \
    *cols = nc;                 \
    *type = gb_type(#t);        \
    return (void*)d->n;         \
  }
  MJDATA_POINTERS
#undef X
  return NULL;
}

// The address of a floating-point option of mjModel.opt (timestep, ...); NULL if unknown.
mjtNum* gb_option_float(mjModel* m, const char* name) {
#define X(t, n) \
  if (strcmp(name, #n) == 0) return &m->opt.n;
  MJOPTION_FLOATS
#undef X
  return NULL;
}

// The address of mjData.time.
mjtNum* gb_time(mjData* d) { return &d->time; }

// How many times warning `i` (an mjtWarning) was raised on this mjData.
int gb_data_warning(const mjData* d, int i) {
  return (i >= 0 && i < mjNWARNING) ? d->warning[i].number : -1;
}

int gb_nwarning(void) { return mjNWARNING; }

// How many warnings of every kind were raised on this mjData.
long gb_warning_total(const mjData* d) {
  long total = 0;
  for (int i = 0; i < mjNWARNING; i++) total += d->warning[i].number;
  return total;
}

// The C library's sine and cosine. NumPy's float64 np.sin and np.cos call these (glibc's are not
// always correctly rounded, and Java's Math and StrictMath round differently in 0.1 to 2 per cent
// of cases), so the envs whose observations hold sines and cosines call them too.
double gb_sin(double x) { return sin(x); }

double gb_cos(double x) { return cos(x); }

// The C library's pow: what a float64 scalar's ** calls in NumPy (and in Python), so x ** 2 is
// pow(x, 2), which glibc rounds differently from x * x for about one argument in a thousand.
double gb_pow(double x, double y) { return pow(x, y); }

// model.stat.extent: the size of the model's world, which sets the free camera's distance.
mjtNum gb_stat_extent(const mjModel* m) { return m->stat.extent; }

// ---- Offscreen rendering, as Gymnasium's OffScreenViewer -------------------------------------
//
// A renderer is an OSMesa (software OpenGL) context with MuJoCo's scene, camera, options and
// rendering context, drawing into MuJoCo's offscreen framebuffer (mjFB_OFFSCREEN). An OpenGL
// context is current on one thread, so all gb_renderer_* calls for one renderer must come from the
// thread that created it: the Java side gives each renderer a thread of its own. Compiled only with
// -DGB_OSMESA (when OSMesa's header is installed); otherwise the functions say so and fail.

#ifdef GB_OSMESA
#include <GL/osmesa.h>

typedef struct {
  OSMesaContext gl;
  unsigned char* window;  // OSMesa's default framebuffer: needed to make the context current
  int width;
  int height;
  mjvScene scene;
  mjvCamera camera;
  mjvOption option;
  mjvPerturb perturb;
  mjrContext context;
} gb_renderer;

static int gb_make_current(gb_renderer* r) {
  if (OSMesaGetCurrentContext() == r->gl) return 1;
  return OSMesaMakeCurrent(r->gl, r->window, GL_UNSIGNED_BYTE, r->width, r->height);
}

// Frees a renderer, whole or partly made, on the thread that made it.
void gb_renderer_free(gb_renderer* r) {
  if (r == NULL) return;
  if (r->gl != NULL && gb_make_current(r)) {
    mjr_freeContext(&r->context);
  }
  mjv_freeScene(&r->scene);
  if (r->gl != NULL) {
    OSMesaMakeCurrent(NULL, NULL, GL_UNSIGNED_BYTE, 0, 0);
    OSMesaDestroyContext(r->gl);
  }
  free(r->window);
  free(r);
}

// The MuJoCo part of gb_renderer_new: the model's offscreen buffer grown to at least width x
// height (as Gymnasium's MujocoEnv grows vis.global.offwidth/offheight), the scene, and the
// rendering context with the 150% font, bound to the offscreen framebuffer.
static int gb_renderer_make(mjModel* m, gb_renderer* r, int maxgeom) {
  GB_GUARDED({
    if (m->vis.global.offwidth < r->width) m->vis.global.offwidth = r->width;
    if (m->vis.global.offheight < r->height) m->vis.global.offheight = r->height;
    mjv_makeScene(m, &r->scene, maxgeom);
    mjr_makeContext(m, &r->context, mjFONTSCALE_150);
    mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
    if (r->context.currentBuffer != mjFB_OFFSCREEN) {
      gb_copy(gb_error, "MuJoCo's offscreen framebuffer is not available");
      gb_jump = outer;
      return 1;
    }
  });
}

// A renderer of width x height pixels for model m, current on the calling thread; 0 with *out
// set, or 1 with the reason in gb_last_error. The camera is MuJoCo's default (mjv_defaultCamera).
int gb_renderer_new(mjModel* m, int width, int height, int maxgeom, gb_renderer** out) {
  *out = NULL;
  gb_renderer* r = calloc(1, sizeof(gb_renderer));
  if (r == NULL) {
    gb_copy(gb_error, "out of memory for a renderer");
    return 1;
  }
  r->width = width;
  r->height = height;
  mjv_defaultScene(&r->scene);
  mjv_defaultCamera(&r->camera);
  mjv_defaultOption(&r->option);
  mjv_defaultPerturb(&r->perturb);
  mjr_defaultContext(&r->context);
  // RGBA with 24 depth and 8 stencil bits, as MuJoCo's Python bindings make their OSMesa context
  r->gl = OSMesaCreateContextExt(OSMESA_RGBA, 24, 8, 0, NULL);
  r->window = malloc((size_t)width * height * 4);
  if (r->gl == NULL || r->window == NULL) {
    gb_copy(gb_error, "OSMesaCreateContextExt failed");
    gb_renderer_free(r);
    return 1;
  }
  if (!gb_make_current(r)) {
    gb_copy(gb_error, "OSMesaMakeCurrent failed");
    gb_renderer_free(r);
    return 1;
  }
  if (gb_renderer_make(m, r, maxgeom) != 0) {
    gb_renderer_free(r);  // keeps gb_error: freeing raises no MuJoCo error
    return 1;
  }
  *out = r;
  return 0;
}

// The camera (mjvCamera): ids = {type, fixedcamid, trackbodyid}, pose = {lookat[3], distance,
// azimuth, elevation}.
void gb_renderer_get_camera(const gb_renderer* r, int* ids, double* pose) {
  const mjvCamera* c = &r->camera;
  ids[0] = c->type;
  ids[1] = c->fixedcamid;
  ids[2] = c->trackbodyid;
  for (int i = 0; i < 3; i++) pose[i] = c->lookat[i];
  pose[3] = c->distance;
  pose[4] = c->azimuth;
  pose[5] = c->elevation;
}

void gb_renderer_set_camera(gb_renderer* r, const int* ids, const double* pose) {
  mjvCamera* c = &r->camera;
  c->type = ids[0];
  c->fixedcamid = ids[1];
  c->trackbodyid = ids[2];
  for (int i = 0; i < 3; i++) c->lookat[i] = pose[i];
  c->distance = pose[3];
  c->azimuth = pose[4];
  c->elevation = pose[5];
}

// Renders the current state into rgb (width * height * 3 bytes, bottom row first, as OpenGL reads
// them): mjv_updateScene with every category, mjr_render, mjr_readPixels.
int gb_renderer_render(gb_renderer* r, const mjModel* m, mjData* d, unsigned char* rgb) {
  if (!gb_make_current(r)) {
    gb_copy(gb_error, "OSMesaMakeCurrent failed");
    return 1;
  }
  mjrRect viewport = {0, 0, r->width, r->height};
  GB_GUARDED({
    mjv_updateScene(m, d, &r->option, &r->perturb, &r->camera, mjCAT_ALL, &r->scene);
    mjr_render(viewport, &r->scene, &r->context);
    mjr_readPixels(rgb, NULL, viewport, &r->context);
  });
}

#else  // no OSMesa: the same functions, failing

typedef struct gb_renderer gb_renderer;

void gb_renderer_free(gb_renderer* r) { (void)r; }

int gb_renderer_new(mjModel* m, int width, int height, int maxgeom, gb_renderer** out) {
  (void)m, (void)width, (void)height, (void)maxgeom;
  *out = NULL;
  gb_copy(gb_error, "the MuJoCo shim was compiled without OSMesa");
  return 1;
}

void gb_renderer_get_camera(const gb_renderer* r, int* ids, double* pose) {
  (void)r, (void)ids, (void)pose;
}

void gb_renderer_set_camera(gb_renderer* r, const int* ids, const double* pose) {
  (void)r, (void)ids, (void)pose;
}

int gb_renderer_render(gb_renderer* r, const mjModel* m, mjData* d, unsigned char* rgb) {
  (void)r, (void)m, (void)d, (void)rgb;
  gb_copy(gb_error, "the MuJoCo shim was compiled without OSMesa");
  return 1;
}

#endif
