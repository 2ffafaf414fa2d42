/*
 * The subset of libtorch's stable C ABI that dgan's runtime binds.
 *
 * libtorch's own headers (torch/csrc/inductor/aoti_torch/c/shim.h,
 * torch/csrc/inductor/aoti_torch/generated/c_shim_cpu.h, torch/csrc/stable/c/shim.h)
 * are C++-flavoured and cannot be read by jextract, so the declarations the runtime
 * uses are restated here in plain C. Every signature must match libtorch 2.13's.
 * Functions without parameters are declared f(void) so jextract does not make them
 * variadic. Opaque handle types are pointers to incomplete structs.
 */
#ifndef DGAN_TORCH_STABLE_ABI_H
#define DGAN_TORCH_STABLE_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t AOTITorchError;
typedef struct AtenTensorOpaque *AtenTensorHandle;
typedef struct AtenGeneratorOpaque *AtenGeneratorHandle;
typedef struct StableListOpaque *StableListHandle;
typedef struct StringOpaque *StringHandle;
typedef uint64_t StableIValue;

/* --- version, constants ------------------------------------------------- */
uint64_t aoti_torch_abi_version(void);
int32_t aoti_torch_device_type_cpu(void);
int32_t aoti_torch_device_type_cuda(void);
int32_t aoti_torch_dtype_uint8(void);
int32_t aoti_torch_dtype_int8(void);
int32_t aoti_torch_dtype_int16(void);
int32_t aoti_torch_dtype_int32(void);
int32_t aoti_torch_dtype_int64(void);
int32_t aoti_torch_dtype_float16(void);
int32_t aoti_torch_dtype_float32(void);
int32_t aoti_torch_dtype_float64(void);
int32_t aoti_torch_dtype_bool(void);
int32_t aoti_torch_dtype_bfloat16(void);
int32_t aoti_torch_layout_strided(void);

/* --- errors ------------------------------------------------------------- */
const char *torch_exception_get_what_without_backtrace(void);

/* --- tensor handles ----------------------------------------------------- */
AOTITorchError aoti_torch_empty_strided(int64_t ndim, const int64_t *sizes_ptr,
    const int64_t *strides_ptr, int32_t dtype, int32_t device_type,
    int32_t device_index, AtenTensorHandle *ret_new_tensor);
AOTITorchError aoti_torch_create_tensor_from_blob_v2(void *data, int64_t ndim,
    const int64_t *sizes_ptr, const int64_t *strides_ptr, int64_t storage_offset,
    int32_t dtype, int32_t device_type, int32_t device_index,
    AtenTensorHandle *ret, int32_t layout, const uint8_t *opaque_metadata,
    int64_t opaque_metadata_size);
AOTITorchError aoti_torch_new_tensor_handle(AtenTensorHandle orig_handle,
    AtenTensorHandle *new_handle);
AOTITorchError aoti_torch_delete_tensor_object(AtenTensorHandle tensor);
AOTITorchError aoti_torch_get_data_ptr(AtenTensorHandle tensor, void **ret_data_ptr);
AOTITorchError aoti_torch_get_dim(AtenTensorHandle tensor, int64_t *ret_dim);
AOTITorchError aoti_torch_get_numel(AtenTensorHandle tensor, int64_t *ret_numel);
AOTITorchError aoti_torch_get_sizes(AtenTensorHandle tensor, int64_t **ret_sizes);
AOTITorchError aoti_torch_get_strides(AtenTensorHandle tensor, int64_t **ret_strides);
AOTITorchError aoti_torch_get_storage_offset(AtenTensorHandle tensor,
    int64_t *ret_storage_offset);
AOTITorchError aoti_torch_get_dtype(AtenTensorHandle tensor, int32_t *ret_dtype);
AOTITorchError aoti_torch_get_device_type(AtenTensorHandle tensor,
    int32_t *ret_device_type);
AOTITorchError aoti_torch_get_device_index(AtenTensorHandle tensor,
    int32_t *ret_device_index);
AOTITorchError aoti_torch_is_contiguous(AtenTensorHandle tensor, bool *ret_is_contiguous);
AOTITorchError aoti_torch_copy_(AtenTensorHandle self, AtenTensorHandle src,
    int32_t non_blocking);
AOTITorchError aoti_torch_scalar_to_tensor_float64(double value,
    AtenTensorHandle *ret_new_tensor);
AOTITorchError aoti_torch_item_float64(AtenTensorHandle tensor, double *ret_value);

/* --- typed shims for Scalar arguments (the dispatcher cannot take Scalar) -- */
/* CPU-only; they borrow their tensor arguments. */
AOTITorchError aoti_torch_cpu_add_Tensor(AtenTensorHandle self,
    AtenTensorHandle other, double alpha, AtenTensorHandle *ret0);
AOTITorchError aoti_torch_cpu_mul_Scalar(AtenTensorHandle self, double other,
    AtenTensorHandle *ret0);
/* Device-generic. */
AOTITorchError aoti_torch_aten_subtract_Tensor(AtenTensorHandle self,
    AtenTensorHandle other, double alpha, AtenTensorHandle *ret0);
AOTITorchError aoti_torch_aten_fill__Scalar(AtenTensorHandle self, double value);

/* --- autograd ----------------------------------------------------------- */
bool aoti_torch_grad_mode_is_enabled(void);
void aoti_torch_grad_mode_set_enabled(bool enabled);
AOTITorchError torch_set_requires_grad(AtenTensorHandle tensor, bool requires_grad);

/* --- the dispatcher and the values it takes ----------------------------- */
AOTITorchError torch_call_dispatcher(const char *opName, const char *overloadName,
    StableIValue *stack, uint64_t extension_build_version);
AOTITorchError torch_new_stable_ivalue(StableIValue **ret_value);
AOTITorchError torch_delete_stable_ivalue(StableIValue *value);
AOTITorchError torch_new_list_reserve_size(size_t size, StableListHandle *ret);
AOTITorchError torch_list_size(StableListHandle list_handle, size_t *size);
AOTITorchError torch_list_get_item(StableListHandle list_handle, size_t index,
    StableIValue *element);
AOTITorchError torch_list_push_back(StableListHandle list_handle, StableIValue element);
AOTITorchError torch_delete_list(StableListHandle list_handle);
AOTITorchError torch_new_string_handle(const char *data, size_t length,
    StringHandle *handle);
AOTITorchError torch_delete_string(StringHandle handle);

/* --- generators and threads --------------------------------------------- */
AOTITorchError torch_new_generator_handle(AtenGeneratorHandle self,
    AtenGeneratorHandle *ret_new_generator);
AOTITorchError torch_delete_generator(AtenGeneratorHandle generator);
AOTITorchError torch_get_num_threads(uint32_t *out_num_threads);

#endif
