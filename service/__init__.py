"""The running API service: handwritten handlers on top of the generated `service.generated`."""
