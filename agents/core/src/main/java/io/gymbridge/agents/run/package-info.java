/**
 * Spinning Up's experiment tooling: the {@code run} grammar ({@link
 * io.gymbridge.agents.run.RunArgs}), the grid of experiments ({@link
 * io.gymbridge.agents.run.ExperimentGrid}), typed configs ({@link
 * io.gymbridge.agents.run.ConfigBinder}) and where results go ({@link
 * io.gymbridge.agents.run.LoggerKwargs}).
 *
 * <p>Results of one run are in {@code
 * data_dir/[outer_prefix]exp_name[suffix]/[inner_prefix]exp_name[suffix]_s[seed]}: data_dir is
 * {@code --data_dir} or {@code data} in the working directory; the prefixes are {@code YYYY-MM-DD_}
 * and {@code YYYY-MM-DD_HH-MM-SS-} with {@code --dt}; the suffix is made of the shorthands and
 * values of the hyperparameters that vary across the grid, except the seed, so runs that differ
 * only by seed share a folder.
 */
package io.gymbridge.agents.run;
