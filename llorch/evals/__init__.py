"""Answer quality, measured like speed: task sets, accuracy, perplexity and KL divergence."""
