"""Small synthetic data sets made on the spot from a seed; nothing is downloaded."""
