"""Code more than one stage needs: errors, atomic files, digests, the ONNX graph view."""
