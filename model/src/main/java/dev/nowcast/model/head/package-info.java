/** Output heads on top of the linear output layer: Gaussian (NLL), point (squared error) and categorical (cross-entropy). */
package dev.nowcast.model.head;
