package io.poolpilot.daemon.control;

import io.poolpilot.api.model.VmDisk;
import io.poolpilot.api.model.VmNetworkInterface;
import io.poolpilot.xapi.model.Disk;
import io.poolpilot.xapi.model.DiskAttachment;
import io.poolpilot.xapi.model.DiskAttachmentType;
import io.poolpilot.xapi.model.Network;
import io.poolpilot.xapi.model.NetworkInterface;
import io.poolpilot.xapi.model.StorageRepository;
import io.poolpilot.xapi.model.Vm;
import io.poolpilot.xapi.event.Inventory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A VM's disks and network interfaces in plain words, from the XAPI records of its pool's inventory. */
final class VmDevices {
    private VmDevices() {
    }

    /** Every disk attached to the VM (CD drives without a disk are not disks), in device order. */
    static List<VmDisk> disks(Inventory inventory, Vm vm) {
        List<VmDisk> disks = new ArrayList<>();
        for (String ref : vm.diskAttachments()) {
            DiskAttachment attachment = inventory.diskAttachments().get(ref);
            if (attachment == null || attachment.empty() || attachment.disk().isEmpty()) {
                continue;
            }
            Disk disk = inventory.disks().get(attachment.disk().get());
            if (disk == null) {
                continue;
            }
            String storage = Optional.ofNullable(inventory.storageRepositories().get(disk.storageRepository()))
                    .map(StorageRepository::nameLabel).orElse("unknown storage");
            String name = disk.nameLabel().isBlank() ? (attachment.type() == DiskAttachmentType.CD ? "CD" : "disk") : disk.nameLabel();
            disks.add(new VmDisk(name, disk.virtualSizeBytes(), storage, attachment.device().isBlank() ? null : attachment.device(),
                    attachment.readOnly() || disk.readOnly()));
        }
        disks.sort(Comparator.comparing(d -> d.device() == null ? "~" : d.device()));
        return disks;
    }

    /** Every network interface of the VM, by interface number. */
    static List<VmNetworkInterface> networkInterfaces(Inventory inventory, Vm vm) {
        List<VmNetworkInterface> interfaces = new ArrayList<>();
        for (String ref : vm.networkInterfaces()) {
            NetworkInterface nic = inventory.networkInterfaces().get(ref);
            if (nic == null) {
                continue;
            }
            String network = Optional.ofNullable(inventory.networks().get(nic.network())).map(Network::nameLabel).orElse("unknown network");
            interfaces.add(new VmNetworkInterface(nic.device(), nic.mac(), network, nic.currentlyAttached()));
        }
        interfaces.sort(Comparator.comparing(VmNetworkInterface::device));
        return interfaces;
    }
}
