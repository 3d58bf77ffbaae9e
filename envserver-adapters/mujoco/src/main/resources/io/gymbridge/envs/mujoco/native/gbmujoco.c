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
