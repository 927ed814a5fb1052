/*
 * Times liblinear's train() alone on a problem in liblinear's sparse text format, so the comparison with
 * our solver leaves out file parsing (which `liblinear-train`'s process time includes).
 *
 * usage: liblinear-solve-timer TRAIN_FILE TEST_FILE SOLVER C EPS BIAS REPEATS
 *   SOLVER is liblinear's -s number (1: L2-loss dual, 3: L1-loss dual). Prints one JSON line:
 *   {"solveMs":[...], "iterations":N, "accuracy":A, "objective":V}
 * Built by bench/setup.sh against Debian's liblinear-dev.
 */
#include <linear.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int last_iterations = -1;
static double last_objective = 0;

/* liblinear reports progress through this hook; keep the iteration count and objective. */
static void capture(const char *text) {
  const char *p = strstr(text, "#iter = ");
  if (p) last_iterations = atoi(p + 8);
  p = strstr(text, "Objective value = ");
  if (p) last_objective = atof(p + 18);
}

struct dataset {
  int rows;
  int max_index;
  double *y;
  struct feature_node **x;
};

/* Reads "label index:value ..." lines; leaves one spare node per row for the bias feature. */
static struct dataset read_problem(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    exit(1);
  }
  struct dataset d = {0, 0, NULL, NULL};
  int capacity = 1024;
  d.y = malloc(sizeof(double) * capacity);
  d.x = malloc(sizeof(struct feature_node *) * capacity);
  size_t line_cap = 1 << 20;
  char *line = malloc(line_cap);
  ssize_t len;
  while ((len = getline(&line, &line_cap, f)) > 0) {
    if (d.rows == capacity) {
      capacity *= 2;
      d.y = realloc(d.y, sizeof(double) * capacity);
      d.x = realloc(d.x, sizeof(struct feature_node *) * capacity);
    }
    int nodes = 0;
    for (ssize_t k = 0; k < len; k++) nodes += line[k] == ':';
    struct feature_node *row = malloc(sizeof(struct feature_node) * (nodes + 2));
    char *cursor = line;
    d.y[d.rows] = strtod(cursor, &cursor);
    int n = 0;
    while (n < nodes) {
      row[n].index = (int)strtol(cursor, &cursor, 10);
      cursor++; /* ':' */
      row[n].value = strtod(cursor, &cursor);
      if (row[n].index > d.max_index) d.max_index = row[n].index;
      n++;
    }
    row[n].index = -1;
    row[n + 1].index = -1;
    d.x[d.rows++] = row;
  }
  free(line);
  fclose(f);
  return d;
}

/* Puts the bias node (index `bias_index`, value `bias`) before each row's terminator. */
static void add_bias(struct dataset *d, int bias_index, double bias) {
  for (int i = 0; i < d->rows; i++) {
    struct feature_node *row = d->x[i];
    int n = 0;
    while (row[n].index != -1) n++;
    row[n].index = bias_index;
    row[n].value = bias;
    row[n + 1].index = -1;
  }
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc != 8) {
    fprintf(stderr, "usage: %s TRAIN TEST SOLVER C EPS BIAS REPEATS\n", argv[0]);
    return 2;
  }
  struct dataset train_set = read_problem(argv[1]);
  struct dataset test_set = read_problem(argv[2]);
  double bias = atof(argv[6]);
  int repeats = atoi(argv[7]);
  int n = train_set.max_index;
  if (bias >= 0) {
    n += 1;
    add_bias(&train_set, n, bias);
  }
  struct problem prob = {train_set.rows, n, train_set.y, train_set.x, bias};
  struct parameter param;
  memset(&param, 0, sizeof param);
  param.solver_type = atoi(argv[3]);
  param.C = atof(argv[4]);
  param.eps = atof(argv[5]);
  param.p = 0.1;
  const char *problem_error = check_parameter(&prob, &param);
  if (problem_error) {
    fprintf(stderr, "%s\n", problem_error);
    return 1;
  }
  set_print_string_function(capture);
  printf("{\"solveMs\":[");
  struct model *model = NULL;
  for (int r = 0; r < repeats; r++) {
    if (model) free_and_destroy_model(&model);
    double start = now_ms();
    model = train(&prob, &param);
    double elapsed = now_ms() - start;
    printf("%s%.3f", r ? "," : "", elapsed);
  }
  if (bias >= 0) add_bias(&test_set, n, bias);
  int correct = 0;
  for (int i = 0; i < test_set.rows; i++) {
    /* Test features beyond the training width are ignored by predict, as in liblinear-predict. */
    if (predict(model, test_set.x[i]) == test_set.y[i]) correct++;
  }
  printf("],\"iterations\":%d,\"accuracy\":%.6f,\"objective\":%.6f}\n", last_iterations,
         (double)correct / test_set.rows, last_objective);
  free_and_destroy_model(&model);
  return 0;
}
