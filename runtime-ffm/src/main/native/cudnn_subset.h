/*
 * Declares the subset of cuDNN's C API that the runtime uses, matching
 * cudnn_graph.h of cuDNN 9 (same names, types and ABI). Input for
 * cudnn.jextract; written by hand so that cuDNN headers are not needed
 * to regenerate the bindings.
 */
#ifndef DGAN_CUDNN_SUBSET_H
#define DGAN_CUDNN_SUBSET_H

#include <stddef.h>

struct cudnnContext;
typedef struct cudnnContext *cudnnHandle_t;

/* cudnnStatus_t is a C enum (int-sized); only the success code is declared here. */
typedef enum {
    CUDNN_STATUS_SUCCESS = 0
} cudnnStatus_t;

size_t cudnnGetVersion(void);

/* Returns the CUDA Runtime version cuDNN was built against. */
size_t cudnnGetCudartVersion(void);

const char *cudnnGetErrorString(cudnnStatus_t status);

cudnnStatus_t cudnnCreate(cudnnHandle_t *handle);

cudnnStatus_t cudnnDestroy(cudnnHandle_t handle);

#endif /* DGAN_CUDNN_SUBSET_H */
