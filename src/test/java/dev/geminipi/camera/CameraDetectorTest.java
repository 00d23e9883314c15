package dev.geminipi.camera;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CameraDetectorTest {
  @Test
  void lists_cameraLine_found() {
    assertTrue(CameraDetector.lists(FakePrograms.LISTING));
  }

  @Test
  void lists_usbCameraThroughLibcamera_found() {
    assertTrue(CameraDetector.lists("Available cameras\n-----------------\n"
        + "0 : uvcvideo [1280x720] (/base/scb/pcie@7d500000/pci@0,0/usb@0,0-1:1.0-046d:0825)\n"));
  }

  @Test
  void lists_noCameras_notFound() {
    assertFalse(CameraDetector.lists("No cameras available!\n"));
  }

  @Test
  void lists_errorsOnly_notFound() {
    assertFalse(CameraDetector.lists("[0:00:01.123] [842] ERROR CameraManager camera_manager.cpp:123 failed\n"));
  }

  @Test
  void lists_empty_notFound() {
    assertFalse(CameraDetector.lists(""));
  }
}
