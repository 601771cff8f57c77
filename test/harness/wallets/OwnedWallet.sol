// SPDX-License-Identifier: MIT
pragma solidity 0.8.27;

/// A minimal EIP-1271 contract wallet for the sign-in tests: one owner, whose ECDSA signature of a hash
/// the wallet accepts, and who can hand the wallet to another owner (after which the old owner's
/// signatures are refused).
/// @dev `owner` is storage slot 0: the tests place a wallet with anvil_setCode + anvil_setStorageAt, and
/// change its owner there too, without mining a block on the chain other test files read.
contract OwnedWallet {
    bytes4 internal constant MAGIC_VALUE = 0x1626ba7e; // bytes4(keccak256("isValidSignature(bytes32,bytes)"))
    bytes4 internal constant INVALID = 0xffffffff;

    address public owner;

    constructor(address owner_) {
        owner = owner_;
    }

    function transferOwnership(address newOwner) external {
        require(msg.sender == owner, "not the owner");
        owner = newOwner;
    }

    /// @notice EIP-1271: MAGIC_VALUE when `signature` is the owner's 65-byte (r, s, v) signature of `hash`.
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        if (signature.length != 65) return INVALID;
        bytes32 r = bytes32(signature[0:32]);
        bytes32 s = bytes32(signature[32:64]);
        uint8 v = uint8(signature[64]);
        address signer = ecrecover(hash, v, r, s);
        return signer != address(0) && signer == owner ? MAGIC_VALUE : INVALID;
    }
}

/// Deploys OwnedWallets at CREATE2 addresses known before deployment: the counterfactual accounts
/// whose ERC-6492 signatures carry `createAccount(owner, salt)` as the factory call.
contract OwnedWalletFactory {
    function createAccount(address owner, bytes32 salt) external returns (address) {
        return address(new OwnedWallet{salt: salt}(owner));
    }
}
