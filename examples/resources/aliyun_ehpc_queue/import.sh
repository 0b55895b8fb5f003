# <cluster_id>:<queue_name>
terraform import aliyun_ehpc_queue.gpu ehpc-hz-FYUr32abcd:gpu
