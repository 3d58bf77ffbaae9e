// The speed limit of a MuJoCo env on this machine: the same physics as an env step in plain C.
//
//   mujoco_loop MODEL.xml FRAME_SKIP INPUT.bin REPS [rne]
//
// INPUT.bin (written by io.gymbridge.bench.MujocoBenchmark): int32 nq, nv, nu, nsteps; then the
// start state (float64 qpos[nq], qvel[nv]); then nsteps float32 actions of nu values. Each rep
// sets the start state, runs mj_forward, then per step writes ctrl (float32 widened) and calls
// mj_step FRAME_SKIP times (and mj_rnePostConstraint once with "rne", as Gymnasium's envs do).
// Prints one line per rep: "rep <i> <steps per second>", and "checksum <sum of qpos>".
#include <mujoco/mujoco.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s MODEL.xml FRAME_SKIP INPUT.bin REPS [rne]\n", argv[0]);
    return 2;
  }
  int frame_skip = atoi(argv[2]);
  int reps = atoi(argv[4]);
  int rne = argc > 5 && strcmp(argv[5], "rne") == 0;
  char err[1000] = "";
  mjModel* m = mj_loadXML(argv[1], NULL, err, sizeof(err));
  if (!m) {
    fprintf(stderr, "cannot load %s: %s\n", argv[1], err);
    return 1;
  }
  mjData* d = mj_makeData(m);
  FILE* f = fopen(argv[3], "rb");
  int hdr[4];
  if (!f || fread(hdr, sizeof(int), 4, f) != 4 || hdr[0] != m->nq || hdr[1] != m->nv ||
      hdr[2] != m->nu) {
    fprintf(stderr, "bad input %s\n", argv[3]);
    return 1;
  }
  int nsteps = hdr[3];
  double* qpos = malloc(sizeof(double) * m->nq);
  double* qvel = malloc(sizeof(double) * m->nv);
  float* actions = malloc(sizeof(float) * (size_t)m->nu * nsteps);
  if (fread(qpos, sizeof(double), m->nq, f) != (size_t)m->nq ||
      fread(qvel, sizeof(double), m->nv, f) != (size_t)m->nv ||
      fread(actions, sizeof(float), (size_t)m->nu * nsteps, f) != (size_t)m->nu * nsteps) {
    fprintf(stderr, "short input %s\n", argv[3]);
    return 1;
  }
  fclose(f);
  double checksum = 0;
  for (int r = 0; r < reps; r++) {
    mj_resetData(m, d);
    memcpy(d->qpos, qpos, sizeof(double) * m->nq);
    memcpy(d->qvel, qvel, sizeof(double) * m->nv);
    mj_forward(m, d);
    double t0 = now();
    for (int s = 0; s < nsteps; s++) {
      for (int i = 0; i < m->nu; i++) d->ctrl[i] = actions[(size_t)s * m->nu + i];
      for (int k = 0; k < frame_skip; k++) mj_step(m, d);
      if (rne) mj_rnePostConstraint(m, d);
    }
    double t1 = now();
    printf("rep %d %.1f\n", r, nsteps / (t1 - t0));
    checksum = 0;
    for (int i = 0; i < m->nq; i++) checksum += d->qpos[i];
  }
  printf("checksum %.17g\n", checksum);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
